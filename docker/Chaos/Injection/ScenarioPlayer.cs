using CMesh.Chaos.Faults;
using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Values;
using CMesh.Docker.Engine;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// Plays a scenario's timeline on a session: each step's occurrences start at their offsets from the scenario's
/// start (ids s&lt;step&gt;.&lt;occurrence&gt;), end after their duration, and those without one end with the
/// scenario. Before anything is applied every step is planned against the mesh, so a fault the kernel or the
/// mesh cannot take stops the scenario before it starts.
/// </summary>
public sealed class ScenarioPlayer(ChaosSession session, TimeProvider clock)
{
    /// <exception cref="InvalidOperationException">A step cannot run on this mesh (checked before any is applied), or one failed as it ran.</exception>
    public async Task CheckAsync(Scenario scenario, CancellationToken ct)
    {
        foreach (var (step, index) in scenario.Steps.Select((s, i) => (s, i + 1)).Where(s => s.s.Fault is not HealFault))
        {
            try
            {
                await session.PlanAsync($"s{index}.check", step.Fault, step.Targets, _ => { }, ct);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException($"scenario {scenario.Name}, step {index} ({step.Fault}): {e.Message}", e);
            }
        }
    }

    /// <summary>Runs the timeline to its end; cancelling ends the faults in force (as interrupted) and throws.</summary>
    public async Task PlayAsync(Scenario scenario, IProgress<string>? progress, CancellationToken ct)
    {
        await CheckAsync(scenario, ct);
        var start = clock.GetUtcNow();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var occurrences = scenario.Steps
            .SelectMany((step, i) => step.Starts.Select((at, k) => RunOccurrenceAsync(step, $"s{i + 1}.{k + 1}", start + at, start + scenario.Length, progress, failed)))
            .ToList();
        try
        {
            await Task.WhenAll(occurrences);
            await WaitUntilAsync(start + scenario.Length, ct);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // A step failed and cancelled the others; its own failure is thrown below.
        }
        finally
        {
            var stepFailed = occurrences.Any(o => o.IsFaulted);
            await session.EndAllAsync(ct.IsCancellationRequested ? "interrupted" : stepFailed ? "step-failed" : "scenario-end");
        }

        if (occurrences.FirstOrDefault(o => o.IsFaulted && o.Exception?.InnerException is InvalidOperationException) is { } failure)
        {
            throw failure.Exception!.InnerException!;
        }
    }

    private async Task RunOccurrenceAsync(ScenarioStep step, string id, DateTimeOffset startAt, DateTimeOffset scenarioEnd, IProgress<string>? progress, CancellationTokenSource failed)
    {
        var ct = failed.Token;
        try
        {
            await WaitUntilAsync(startAt, ct);
            if (step.Fault is HealFault)
            {
                await session.HealAsync();
                progress?.Report($"{id}: healed every partition");
                return;
            }

            var active = await session.StartAsync(id, step.Fault, step.Targets, ct);
            progress?.Report($"{id}: {step.Fault} on {string.Join(", ", active.Targets)}");
            if (step.Duration is { } duration)
            {
                await WaitUntilAsync(startAt + duration, ct);
                await session.EndAsync(active, "duration");
                progress?.Report($"{id}: ended after {ScenarioValues.Format(duration)}");
            }
            else
            {
                await WaitUntilAsync(scenarioEnd, ct);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or DockerEngineException)
        {
            // One failed step ends the scenario: the others stop waiting and every fault in force is reverted.
            await failed.CancelAsync();
            throw new InvalidOperationException($"{id} ({step.Fault}): {e.Message}", e);
        }
    }

    private async Task WaitUntilAsync(DateTimeOffset when, CancellationToken ct)
    {
        var wait = when - clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, ct);
        }
    }
}
