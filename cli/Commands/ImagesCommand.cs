using System.CommandLine;
using CMesh.Cli.Input;
using CMesh.Cli.Running;
using Spectre.Console;

namespace CMesh.Cli.Commands;

/// <summary>`cmesh images build`: make the base, coordinator and peer images (run does this itself when needed).</summary>
public static class ImagesCommand
{
    public static Command Create(CliServices services)
    {
        var force = new Option<bool>("--force") { Description = "Rebuild coordinator and peer images even if current" };
        var engine = new Option<string?>("--engine") { Description = "Build the peer image of this sync engine (cmesh engines lists them); default cmesh, the built-in one" };
        var build = new Command("build", "Build the images that are missing or stale") { force, engine };
        build.SetAction(async (parse, ct) =>
        {
            var syncEngine = EngineChoice.Resolve(services.Settings.Home, parse.GetValue(engine));
            await services.RequireEngineAsync(ct);
            var images = await ImageStage.EnsureAsync(services, parse.GetValue(force), ct, syncEngine);
            var table = new Table().AddColumn("image").AddColumn("tag");
            table.AddRow("base", images.BaseImage);
            table.AddRow("coordinator", images.CoordinatorImage);
            table.AddRow($"peer ({syncEngine.Name})", images.PeerImage);
            services.Console.Write(table);
            return ExitCodes.Ok;
        });
        return new Command("images", "Manage the coordinator and peer images") { build };
    }
}
