using System.CommandLine;
using CMesh.Docker.Engines;
using Spectre.Console;

namespace CMesh.Cli.Commands;

/// <summary>`cmesh engines`: the sync engines shipped in engines/, any of which `cmesh run --engine` runs.</summary>
public static class EnginesCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("engines", "List the sync engines the peers can run (cmesh run --engine NAME)");
        command.SetAction(_ =>
        {
            EngineCatalog catalog;
            try
            {
                catalog = EngineCatalog.Load(services.Settings.Home);
            }
            catch (EngineRecipeException e)
            {
                services.Say.Error(e.Message);
                return ExitCodes.RunFailed;
            }

            var table = new Table().AddColumns("engine", "what it is", "Debian packages", "adapter");
            foreach (var engine in catalog.Engines)
            {
                table.AddRow(
                    Markup.Escape(engine.IsBuiltIn ? $"{engine.Name} (default)" : engine.Name),
                    Markup.Escape(engine.Description),
                    Markup.Escape(string.Join(", ", engine.DebianPackages)),
                    Markup.Escape(engine.IsBuiltIn ? "built in" : string.Join(' ', engine.Adapter)));
            }

            services.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
