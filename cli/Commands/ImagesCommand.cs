using System.CommandLine;
using CMesh.Cli.Running;
using Spectre.Console;

namespace CMesh.Cli.Commands;

/// <summary>`cmesh images build`: make the base, coordinator and peer images (run does this itself when needed).</summary>
public static class ImagesCommand
{
    public static Command Create(CliServices services)
    {
        var force = new Option<bool>("--force") { Description = "Rebuild coordinator and peer images even if current" };
        var build = new Command("build", "Build the images that are missing or stale") { force };
        build.SetAction(async (parse, ct) =>
        {
            await services.RequireEngineAsync(ct);
            var images = await ImageStage.EnsureAsync(services, parse.GetValue(force), ct);
            var table = new Table().AddColumn("image").AddColumn("tag");
            table.AddRow("base", images.BaseImage);
            table.AddRow("coordinator", images.CoordinatorImage);
            table.AddRow("peer", images.PeerImage);
            services.Console.Write(table);
            return ExitCodes.Ok;
        });
        return new Command("images", "Manage the coordinator and peer images") { build };
    }
}
