using CMesh.Chaos.Faults;
using CMesh.Chaos.Scenarios;
using CMesh.Cli.Output;
using CMesh.Docker.Chaos.Injection;
using Spectre.Console;

namespace CMesh.Cli.Chaos;

/// <summary>Applies a scenario to a running mesh: checks it against the mesh, then plays its timeline with progress; or, dry, prints it.</summary>
public sealed class ScenarioRunner(CliServices services)
{
    public async Task<int> RunAsync(Scenario scenario, ChaosTarget target, bool dryRun, int? seed, KernelCapabilities? kernel, CancellationToken ct)
    {
        await using var session = await target.OpenSessionAsync(services, seed, kernel, ct);
        services.Say.Info($"kernel: {session.Kernel}; seed {session.Seed}");
        var player = new ScenarioPlayer(session, services.Clock);
        if (dryRun)
        {
            await PrintAsync(scenario, session, ct);
            return ExitCodes.Ok;
        }

        await player.CheckAsync(scenario, ct);
        ScenarioSaver.Save(services.Settings.Home, scenario, target.RunDirectory);
        await services.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"scenario {scenario.Name}", maxValue: scenario.Length.TotalSeconds);
                var started = services.Clock.GetUtcNow();
                using var ticker = new Timer(_ => task.Value = (services.Clock.GetUtcNow() - started).TotalSeconds, null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
                await player.PlayAsync(scenario, new Progress<string>(line => services.Console.MarkupLine($"[grey]{Markup.Escape(line)}[/]")), ct);
                task.Value = task.MaxValue;
            });
        services.Say.Info($"scenario {scenario.Name} done: every fault reverted; events in {session.Log.Path}");
        return ExitCodes.Ok;
    }

    /// <summary>Each step's targets and commands as they would be drawn now; a run draws them again when each step starts.</summary>
    private async Task PrintAsync(Scenario scenario, ChaosSession session, CancellationToken ct)
    {
        foreach (var (step, index) in scenario.Steps.Select((s, i) => (s, i + 1)))
        {
            services.Console.MarkupLine($"[bold]s{index}[/] {Markup.Escape(step.ToString())}");
            if (step.Fault is HealFault)
            {
                services.Console.MarkupLine("  [grey]ends every partition in force[/]");
                continue;
            }

            var (targets, plan) = await session.PlanAsync($"s{index}.1", step.Fault, step.Targets, note => services.Console.MarkupLine($"  [grey]{Markup.Escape(note)}[/]"), ct);
            services.Console.MarkupLine($"  targets: {Markup.Escape(string.Join(", ", targets))} [grey]({plan.Mechanism})[/]");
            foreach (var line in plan.Describe())
            {
                services.Console.MarkupLine($"  [grey]{Markup.Escape(line)}[/]");
            }
        }

        services.Say.Info("dry run: nothing was changed; random choices are drawn again when the scenario runs (--seed repeats them)");
    }
}
