using System.CommandLine;
using CMesh.Cli.Input;
using CMesh.Cli.Output;
using CMesh.Common.Contracts;
using Spectre.Console;

namespace CMesh.Cli.Commands;

/// <summary>`cmesh top [run]`: a live table of the peers from the coordinator's mesh view, refreshed in place, or printed once.</summary>
public static class TopCommand
{
    public static Command Create(CliServices services)
    {
        var runId = new Argument<string?>("run") { Description = "The run (default: the newest)", Arity = ArgumentArity.ZeroOrOne };
        var every = new Option<string>("--interval") { Description = "Time between refreshes", DefaultValueFactory = _ => "1s" };
        var once = new Option<bool>("--once") { Description = "Print the table once and exit, for scripts and logs" };
        var command = new Command("top", "A live table of the peers: state, links, RTT, last data, freshness, bytes per second") { runId, every, once };
        command.SetAction(async (parse, ct) =>
        {
            var interval = DurationText.Positive(parse.GetValue(every)!, "--interval");
            var run = await RunSelection.RequireAsync(services, parse.GetValue(runId), ct);
            using var coordinator = await RunSelection.CoordinatorAsync(services, run, ct);
            var first = await coordinator.MeshAsync(ct);
            if (parse.GetValue(once))
            {
                services.Console.Write(TopTable.Render(first, live: false));
                return ExitCodes.Ok;
            }

            try
            {
                await services.Console.Live(TopTable.Render(first, live: true)).StartAsync(async live =>
                {
                    using var timer = new PeriodicTimer(interval, services.Clock);
                    while (await timer.WaitForNextTickAsync(ct))
                    {
                        live.UpdateTarget(await RefreshAsync(coordinator, ct));
                        live.Refresh();
                    }
                });
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl-C ends the view; the mesh keeps running.
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A coordinator that stops answering shows as such in place of the table, until it answers again.</summary>
    private static async Task<Spectre.Console.Rendering.IRenderable> RefreshAsync(Docker.Coordinator.CoordinatorApi coordinator, CancellationToken ct)
    {
        try
        {
            return TopTable.Render(await coordinator.MeshAsync(ct), live: true);
        }
        catch (HttpRequestException e)
        {
            return new Markup($"[red]the coordinator does not answer: {Markup.Escape(e.Message)}[/] (run `cmesh diagnose`)");
        }
    }
}
