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
        var command = new Command("clean", "Remove every CMesh service and secret (on a swarm manager), container and network; records on other nodes come back first (results stay)") { images };
        command.SetAction(async (parse, ct) =>
        {
            await services.RequireEngineAsync(ct);
            var report = await new MeshTeardown(services.Engine, services.Clock).CleanAllAsync(parse.GetValue(images));
            if (report.Collected is { Nodes.Count: > 0 } collected)
            {
                services.Say.Info($"swarm: {collected.Describe()} brought back to their runs' results folders");
            }

            services.Say.Info($"removed {report.Runs} runs: {(report.Services > 0 ? $"{report.Services} swarm services, " : "")}{(report.Secrets > 0 ? $"{report.Secrets} swarm secrets, " : "")}{report.Containers} containers, {report.Networks} networks, {report.Images} images");
            return ExitCodes.Ok;
        });
        return command;
    }
}
