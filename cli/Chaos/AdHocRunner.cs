using CMesh.Chaos.Faults;
using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Values;
using CMesh.Cli.Output;
using CMesh.Docker.Chaos.Injection;
using Spectre.Console;

namespace CMesh.Cli.Chaos;

/// <summary>
/// Applies one ad-hoc fault: for its duration, or until Ctrl-C when it has none (a partition holds until then),
/// and reverts it either way. A fault that happens at once (restart) is applied and done.
/// </summary>
public sealed class AdHocRunner(CliServices services)
{
    public async Task<int> RunAsync(ScenarioStep step, ChaosTarget target, bool dryRun, int? seed, CancellationToken ct)
    {
        await using var session = await target.OpenSessionAsync(services, seed, kernel: null, ct);
        services.Say.Info($"kernel: {session.Kernel}; seed {session.Seed}");
        var id = "a" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..4];
        if (dryRun)
        {
            var (targets, plan) = await session.PlanAsync(id, step.Fault, step.Targets, note => services.Console.MarkupLine($"[grey]{Markup.Escape(note)}[/]"), ct);
            services.Console.MarkupLine($"{Markup.Escape(step.Fault.ToString())} on {Markup.Escape(string.Join(", ", targets))} [grey]({plan.Mechanism})[/]");
            foreach (var line in plan.Describe())
            {
                services.Console.MarkupLine($"  [grey]{Markup.Escape(line)}[/]");
            }

            services.Say.Info("dry run: nothing was changed");
            return ExitCodes.Ok;
        }

        var active = await session.StartAsync(id, step.Fault, step.Targets, ct);
        services.Say.Info($"{id}: {step.Fault} on {string.Join(", ", active.Targets)} ({active.Mechanism})");
        if (step.Fault.DurationRule == DurationRule.None)
        {
            return ExitCodes.Ok;
        }

        if (step.Duration is { } duration)
        {
            await services.Console.Status().StartAsync($"{id} in force for {ScenarioValues.Format(duration)} (Ctrl-C ends it early)", _ => Task.Delay(duration, services.Clock, ct));
            await session.EndAsync(active, "duration");
            services.Say.Info($"{id}: reverted after {ScenarioValues.Format(duration)}");
            return ExitCodes.Ok;
        }

        try
        {
            await services.Console.Status().StartAsync($"{id} in force until Ctrl-C", _ => Task.Delay(Timeout.Infinite, ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await session.EndAsync(active, "interrupted");
            services.Say.Info($"{id}: reverted");
        }

        return ExitCodes.Ok;
    }
}
