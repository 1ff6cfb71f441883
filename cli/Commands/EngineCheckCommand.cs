using System.CommandLine;
using CMesh.Cli.Input;
using CMesh.Cli.Running;
using CMesh.Docker.Engines;
using CMesh.Docker.Mesh;

namespace CMesh.Cli.Commands;

/// <summary>
/// `cmesh engine check NAME|IMAGE`: a three-peer smoke test of a shipped engine or a user's peer image against
/// docs/engines.md. The run removes its containers as any run with a duration does; its records stay for a look at
/// what went wrong.
/// </summary>
public static class EngineCheckCommand
{
    private const int Peers = 3;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    /// <summary>Whatever CMESH_WRITE_INTERVAL_MS says: writing once a minute, a peer might not write at all in 15 s.</summary>
    private static readonly TimeSpan WriteInterval = TimeSpan.FromSeconds(1);

    public static Command Create(CliServices services)
    {
        var name = new Argument<string>("engine") { Description = "An engine of engines/ (cmesh engines lists them), or a peer image built FROM cmesh-peer:latest (docs/engines.md)" };
        var check = new Command("check", "Run the engine on three peers writing once a second for 15 s and name the first clause of the contract (docs/engines.md) it breaks") { name };
        check.SetAction(async (parse, ct) =>
        {
            var given = parse.GetValue(name)!;
            var shipped = EngineCatalog.Load(services.Settings.Home).Engines.Any(e => e.Name == given);
            if (!shipped)
            {
                await services.RequireEngineAsync(ct);
            }

            var engine = shipped ? EngineChoice.Resolve(services.Settings.Home, given) : await EngineChoice.FromImageAsync(services.Engine, given, $"{given} is no engine of engines/ (cmesh engines lists them), and as a peer image", ct);
            var runId = $"check-{RunIdSafe(given)}-{services.Clock.GetUtcNow():HHmmss}";
            var ran = await new MeshRunner(services).RunAsync(CheckRun(given, shipped, runId), ct);
            if (ran == ExitCodes.Interrupted)
            {
                return ran;
            }

            var runDirectory = Path.Combine(services.Settings.ResultsRoot, runId);
            var broken = ran == ExitCodes.Ok
                ? EngineContractCheck.FirstBrokenClause(runDirectory, engine.Name, MeshSpecs.PeerIds(Peers))
                : EngineContractCheck.FailedRunClause(runDirectory, engine.Name, MeshSpecs.PeerIds(Peers));
            if (broken is not null)
            {
                services.Say.Error($"engine {engine.Name} breaks the contract: {broken}");
                return ExitCodes.RunFailed;
            }

            services.Say.Info($"engine {engine.Name} follows the contract: ready, writes acknowledged, every peer saw every other's updates (records: results/{runId})");
            return ExitCodes.Ok;
        });
        return new Command("engine", "Check a sync engine against CMesh's contract") { check };
    }

    internal static RunArguments CheckRun(string given, bool shipped, string runId) =>
        new(Peers, Duration, runId, null, WriteInterval, null, null, false, $"cmesh engine check {given}", Engine: shipped ? given : null, PeerImage: shipped ? null : given);

    /// <summary>An image name (repository:tag, a registry path) as part of a run id: a-z, 0-9 and '-', short enough for its 40 characters.</summary>
    private static string RunIdSafe(string name)
    {
        var safe = new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return safe.Length > 20 ? safe[..20].Trim('-') : safe;
    }
}
