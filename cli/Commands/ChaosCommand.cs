using System.CommandLine;
using CMesh.Chaos.Faults;
using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Yaml;
using CMesh.Cli.Chaos;
using CMesh.Cli.Input;
using CMesh.Cli.Output;
using CMesh.Common.Contracts;
using CMesh.Docker.Chaos.Injection;
using CMesh.Docker.Mesh;
using Spectre.Console;

namespace CMesh.Cli.Commands;

/// <summary>
/// `cmesh chaos NAME` plays a scenario on the running mesh; `cmesh chaos KIND [VALUE] …` applies one fault;
/// `cmesh chaos ls` lists scenarios and faults in force; `cmesh chaos clear` heals everything.
/// </summary>
public static class ChaosCommand
{
    public static Command Create(CliServices services)
    {
        var options = new ChaosOptions();
        var scenario = new Argument<string?>("scenario") { Description = "A scenario from scenarios/*.yaml (`cmesh chaos ls` lists them)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("chaos", "Inject network and node faults into the running mesh, from a named scenario or one at a time") { scenario };
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(scenario) is not { } name)
            {
                throw new UsageException("name a scenario (`cmesh chaos ls` lists them) or a fault, such as `cmesh chaos loss 20% --duration 60s`");
            }

            var chosen = Library(services).Find(name) ?? throw new UsageException($"no scenario named {name}: `cmesh chaos ls` lists them");
            var target = await ChaosTarget.ResolveAsync(services, parse.GetValue(options.Run), ct);
            return await new ScenarioRunner(services).RunAsync(chosen, target, parse.GetValue(options.DryRun), parse.GetValue(options.Seed), kernel: null, ct);
        });
        command.Subcommands.Add(List(services, options));
        command.Subcommands.Add(Clear(services, options));
        foreach (var kind in FaultKinds.All.Where(k => !k.OnlyInScenarios))
        {
            command.Subcommands.Add(AdHoc(services, options, kind));
        }

        return command;
    }

    private static Command List(CliServices services, ChaosOptions options)
    {
        var ls = new Command("ls", "List the scenarios in scenarios/*.yaml, and the faults in force on the run") { options.Run };
        ls.SetAction(async (parse, ct) =>
        {
            var library = Library(services);
            services.Console.Write(ChaosTables.Scenarios(library.Scenarios));
            await services.RequireEngineAsync(ct);
            if (await new Docker.Mesh.MeshInventory(services.Engine).ResolveAsync(parse.GetValue(options.Run), ct) is { ResultsDirectory: { } directory } run)
            {
                var active = await ChaosEventLog.ForRun(directory).ActiveAsync(ct);
                services.Console.Write(ChaosTables.InForce(run.RunId, active));
            }

            return ExitCodes.Ok;
        });
        return ls;
    }

    private static Command Clear(CliServices services, ChaosOptions options)
    {
        var clear = new Command("clear", "Heal the run: remove every fault's rules and qdiscs, unpause and restart peers faults stopped, whatever applied them") { options.Run };
        clear.SetAction(async (parse, ct) =>
        {
            var target = await ChaosTarget.ResolveAsync(services, parse.GetValue(options.Run), ct);
            var undone = await new ChaosClear(services.Engine, services.Clock).ClearAsync(target.Run, target.HelperImage, target.RunDirectory);
            foreach (var line in undone)
            {
                services.Say.Info(line);
            }

            services.Say.Info(undone.Count == 0 ? $"run {target.Run.RunId}: no fault was in force" : $"run {target.Run.RunId}: healed");
            return ExitCodes.Ok;
        });
        return clear;
    }

    private static Command AdHoc(CliServices services, ChaosOptions options, FaultKind kind)
    {
        var name = kind.Name;
        var value = new Argument<string?>("value")
        {
            Description = kind.BareField is { } field ? $"The fault's {field}" : "(none)",
            Arity = kind.BareField is null ? ArgumentArity.Zero : ArgumentArity.ZeroOrOne,
        };
        var targets = new Option<string?>("--targets", "-t") { Description = "all (default), names and ranges (peer-1..peer-5), random N, random N%, random minority, label K=V, regex RE" };
        var duration = new Option<TimeSpan?>("--duration", "-d") { Description = "How long the fault holds (30s, 5m); without it, until Ctrl-C", CustomParser = DurationText.Parse };
        var set = new Option<string[]>("--set") { Description = "Another field of the fault, FIELD=VALUE (correlation=25%, jitter=20ms, direction=both, destinations=peer-1..peer-3)", AllowMultipleArgumentsPerToken = false };
        var command = new Command(name, $"Apply one {name} fault (fields as in scenarios/README.md)") { value, targets, duration, set };
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var step = AdHocFault.Read(kind, parse.GetValue(value), parse.GetValue(set) ?? [], parse.GetValue(targets), parse.GetValue(duration));
            var target = await ChaosTarget.ResolveAsync(services, parse.GetValue(options.Run), ct);
            return await new AdHocRunner(services).RunAsync(step, target, parse.GetValue(options.DryRun), parse.GetValue(options.Seed), ct);
        });
        return command;
    }

    private static ScenarioLibrary Library(CliServices services)
    {
        try
        {
            return ScenarioLibrary.Load(services.Settings.Home);
        }
        catch (ScenarioFileException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
