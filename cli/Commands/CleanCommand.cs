using System.CommandLine;
using CMesh.Cli.Output;
using CMesh.Docker.Mesh;

namespace CMesh.Cli.Commands;

/// <summary>`cmesh clean`: remove everything any run left behind, found by label, whether or not the CLI that made it lives.</summary>
public static class CleanCommand
{
    public static Command Create(CliServices services)
    {
        var images = new Option<bool>("--images") { Description = "Also remove the CMesh images (base, coordinator, peer)" };
        var command = new Command("clean", "Remove every CMesh service (on a swarm manager), container and network (results stay)") { images };
        command.SetAction(async (parse, ct) =>
        {
            await services.RequireEngineAsync(ct);
            var report = await new MeshTeardown(services.Engine, services.Clock).CleanAllAsync(parse.GetValue(images));
            services.Say.Info($"removed {report.Runs} runs: {(report.Services > 0 ? $"{report.Services} swarm services, " : "")}{report.Containers} containers, {report.Networks} networks, {report.Images} images");
            return ExitCodes.Ok;
        });
        return command;
    }
}
