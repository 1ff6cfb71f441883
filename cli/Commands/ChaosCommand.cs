using System.CommandLine;
using CMesh.Cli.Output;
using CMesh.Docker.Chaos;
using Spectre.Console;

namespace CMesh.Cli.Commands;

/// <summary>`cmesh chaos ls`: the named fault scenarios in scenarios/*.yaml. Reads files only; no engine is needed.</summary>
public static class ChaosCommand
{
    public static Command Create(CliServices services)
    {
        var ls = new Command("ls", "List the scenarios in scenarios/*.yaml: their steps, length and assertions");
        ls.SetAction(_ =>
        {
            var library = Load(services.Settings.Home);
            if (library.Scenarios.Count == 0)
            {
                Say.Info($"no scenarios in {Path.Combine(services.Settings.Home, ScenarioLibrary.Folder)}");
                return ExitCodes.Ok;
            }

            AnsiConsole.Write(ChaosTables.Scenarios(library.Scenarios));
            return ExitCodes.Ok;
        });
        return new Command("chaos", "Inject network and node faults from named scenarios") { ls };
    }

    private static ScenarioLibrary Load(string home)
    {
        try
        {
            return ScenarioLibrary.Load(home);
        }
        catch (ScenarioFileException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
