using CMesh.Common.Contracts;
using CMesh.Docker.Coordinator;
using CMesh.Docker.Engine;
using CMesh.Docker.Images;
using CMesh.Docker.Results;
using CMesh.Docker.Swarm;
using CMesh.Docker.Swarm.Agents;

namespace CMesh.Docker.Mesh;

/// <summary>
/// Ends runs. A graceful stop lets peers flush their records before anything is removed. Removal runs under its
/// own time limit, never under the caller's (possibly already cancelled) token, so Ctrl-C cannot leave debris.
/// </summary>
public sealed class MeshTeardown(IDockerEngine engine, TimeProvider clock)
{
    private static readonly TimeSpan RemovalLimit = TimeSpan.FromMinutes(2);

    /// <summary>More for each container: removing 500 one at a time takes minutes on a loaded host.</summary>
    private static readonly TimeSpan RemovalPerContainer = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(TestPlan.MaxSettleSeconds);

    private const int ContainerRemovalAttempts = 5;
    private const int FreezeParallelism = 8;

    /// <summary>
    /// Asks the coordinator to stop the workload without a settle (the run is being cut short), waits up to
    /// <paramref name="grace"/> for peers to exit, then removes the run.
    /// </summary>
    public async Task<CollectedRecords> StopAsync(RunInventory run, TimeSpan grace, string reason)
    {
        await RequestStopAsync(run, grace, settle: false);
        CollectedRecords collected;
        try
        {
            collected = await CollectRemoteRecordsAsync(run);
        }
        catch (InvalidOperationException)
        {
            // The volumes are drained again as they go, and one whose records still cannot come back stays.
            collected = CollectedRecords.None;
        }

        await RemoveAsync(run, reason);
        return collected;
    }

    /// <summary>
    /// A swarm run's records from peers on other nodes, brought into its results folder while their task containers
    /// are still there (after the peers flushed, before <see cref="RemoveAsync"/>); nothing for a local run.
    /// </summary>
    public async Task<CollectedRecords> CollectRemoteRecordsAsync(RunInventory run)
    {
        if (!run.OnSwarm)
        {
            return CollectedRecords.None;
        }

        using var limit = new CancellationTokenSource(RemovalLimit, clock);
        return await new RemoteRecords(engine).CollectAsync(run.RunId, limit.Token);
    }

    /// <summary>
    /// Asks the coordinator to stop the workload, waits while the mesh settles (the coordinator bounds that by the
    /// plan), then up to <paramref name="grace"/> for the peers to flush their records. False when the coordinator
    /// did not answer.
    /// </summary>
    /// <param name="settle">False: peers stop at once, without syncing on until the mesh settles.</param>
    public async Task<bool> RequestStopAsync(RunInventory run, TimeSpan grace, bool settle = true)
    {
        using var limit = new CancellationTokenSource(grace + SettleLimit + RemovalLimit, clock);
        if (await new MeshInventory(engine).CoordinatorPortAsync(run, limit.Token) is not { } port)
        {
            return false;
        }

        await UnpauseAsync(run, limit.Token);
        using var api = CoordinatorApi.At(port);
        try
        {
            await api.StopAsync(settle, limit.Token);
        }
        catch (HttpRequestException)
        {
            return false;
        }

        await WhileSettlingAsync(api, limit.Token);
        await WaitForPeersToFlushAsync(run, api, grace, limit.Token);
        return true;
    }

    /// <summary>Returns once the coordinator has ended the settle, stops answering, or the longest settle has passed.</summary>
    private async Task WhileSettlingAsync(CoordinatorApi api, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + SettleLimit;
        while (clock.GetUtcNow() < deadline)
        {
            try
            {
                if ((await api.StatusAsync(ct)).Phase != MeshPhase.Settling)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), clock, ct);
        }
    }

    /// <summary>Removes the run's containers, networks and secrets, and records the stop in its run.json.</summary>
    public async Task RemoveAsync(RunInventory run, string reason)
    {
        using var limit = new CancellationTokenSource(RemovalLimitFor(run.Containers.Count), clock);
        await RemoveResourcesAsync(run, limit.Token);
        await RecordStopAsync(run, reason, limit.Token);
    }

    /// <summary>
    /// Removes every service (on a swarm manager), container and network with the CMesh label (and its images when
    /// asked), whatever run made them. Records on other nodes' results volumes come back to their runs' results
    /// folders before the volumes go; then the swarm secrets of every run go.
    /// </summary>
    public async Task<CleanReport> CleanAllAsync(bool images)
    {
        using var limit = new CancellationTokenSource(RemovalLimit, clock);
        var runs = await new MeshInventory(engine).ListAsync(limit.Token);
        limit.CancelAfter(RemovalLimitFor(runs.Sum(r => r.Containers.Count)));
        var failures = new List<string>();
        var collected = CollectedRecords.None;
        var onManager = await engine.Swarm.MembershipAsync(limit.Token) is { IsActive: true, IsManager: true };
        var secrets = onManager ? (await engine.Swarm.ListSecretsAsync(MeshLabels.AnyRun, limit.Token)).Count : 0;
        foreach (var run in runs)
        {
            // Records that cannot come back from the task containers get another chance as the volumes are drained.
            try
            {
                if (run.OnSwarm)
                {
                    collected = collected.Plus(await new RemoteRecords(engine).CollectAsync(run.RunId, limit.Token));
                }
            }
            catch (InvalidOperationException e)
            {
                failures.Add(e.Message);
            }

            try
            {
                collected = collected.Plus(await RemoveResourcesAsync(run, limit.Token));
            }
            catch (InvalidOperationException e)
            {
                failures.Add(e.Message);
            }

            await RecordStopAsync(run, "removed by cmesh clean", limit.Token);
        }

        // Volumes and secrets of runs whose services were already gone (a teardown cut short) are found by label alone.
        if (onManager)
        {
            try
            {
                collected = collected.Plus(await new RemoteRecords(engine).DrainAsync(MeshLabels.AnyRun, limit.Token));
            }
            catch (InvalidOperationException e)
            {
                failures.Add(e.Message);
            }

            await new SwarmSecrets(engine).RemoveAsync(MeshLabels.AnyRun, limit.Token);
        }

        SecretFiles.RemoveAll();
        BuildScratch.RemoveLeftovers();
        var removedImages = 0;
        if (images)
        {
            foreach (var image in await engine.Images.ListAsync(MeshLabels.AnyRun, limit.Token))
            {
                await engine.Images.RemoveAsync(image.Id, force: true, limit.Token);
                removedImages++;
            }

            foreach (var baseImage in (await engine.Images.ListAsync(new Dictionary<string, string>(), limit.Token))
                         .Where(i => i.Tags.Any(t => t.StartsWith("cmesh-base:"))))
            {
                await engine.Images.RemoveAsync(baseImage.Id, force: true, limit.Token);
                removedImages++;
            }
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", failures));
        }

        return new CleanReport(runs.Count, runs.Sum(r => r.Containers.Count), runs.Sum(r => r.Networks.Count), removedImages, runs.Sum(r => r.Services.Count), secrets, collected);
    }

    /// <summary>A peer paused by a chaos fault could neither flush its records nor exit.</summary>
    private async Task UnpauseAsync(RunInventory run, CancellationToken ct)
    {
        foreach (var container in run.Containers.Where(c => c.State == "paused"))
        {
            await engine.Containers.UnpauseAsync(container.Id, ct);
        }
    }

    /// <summary>
    /// A peer has flushed its records when the coordinator heard it report <see cref="PeerState.Stopped"/>; one
    /// whose container is not running has nothing more to flush. Stopped peers stay up until they are removed.
    /// </summary>
    private async Task WaitForPeersToFlushAsync(RunInventory run, CoordinatorApi api, TimeSpan grace, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + grace;
        while (clock.GetUtcNow() < deadline)
        {
            if (await UnflushedPeersAsync(run, api, ct) == 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), clock, ct);
        }
    }

    private async Task<int> UnflushedPeersAsync(RunInventory run, CoordinatorApi api, CancellationToken ct)
    {
        HashSet<string> stopped;
        try
        {
            stopped = (await api.StatusAsync(ct)).Peers.Where(p => p.State == PeerState.Stopped).Select(p => p.PeerId).ToHashSet();
        }
        catch (HttpRequestException)
        {
            stopped = [];
        }

        if (run.OnSwarm)
        {
            return await new SwarmTeardown(engine, clock).RunningPeersAsync(run, stopped, ct);
        }

        // One list of the run's running containers, not an inspect per peer: 500 inspects on a host the mesh saturates took minutes.
        var running = await engine.Containers.ListAsync(MeshLabels.ForRun(run.RunId), includeStopped: false, ct);
        return running.Count(c => c.Labels.GetValueOrDefault(MeshLabels.Role) == MeshLabels.PeerRole
            && !stopped.Contains(c.Labels.GetValueOrDefault(MeshLabels.Peer) ?? ""));
    }

    private static TimeSpan RemovalLimitFor(int containers) => RemovalLimit + (RemovalPerContainer * containers);

    /// <summary>
    /// Removes a swarm run's services first (and waits until their task containers are gone from every node), then
    /// containers one at a time, peers before the coordinator, and the networks last. Docker 20.10 and later can lose
    /// count of a network's endpoints when several are released at once (moby/moby#42119), after which the network
    /// cannot be removed until the engine restarts; one removal at a time keeps clear of that. A container that stops
    /// releases its endpoints too: killing several at once left a network stuck (seen in CI), so none is killed first.
    /// A local run's peers still running are paused first, several at a time (a pause releases no endpoint): a
    /// saturated mesh's peers otherwise kept the host's cores from the engine while it removed them (500 peers: one a
    /// minute).
    /// </summary>
    private async Task<CollectedRecords> RemoveResourcesAsync(RunInventory run, CancellationToken ct)
    {
        var drained = run.OnSwarm ? await new SwarmTeardown(engine, clock).RemoveServicesAsync(run, ct) : CollectedRecords.None;
        if (!run.OnSwarm)
        {
            await FreezeAsync(run.Peers.Where(p => p.State == "running"), ct);
        }

        // Chaos helpers share a peer's network namespace: they go before the peer that owns it.
        var helpers = run.Containers.Where(c => c.Labels.GetValueOrDefault(MeshLabels.Role) is not (MeshLabels.PeerRole or MeshLabels.CoordinatorRole)).ToList();
        var kept = new List<string>();
        foreach (var container in helpers.Concat(run.Peers).Concat(run.Containers.Except(helpers).Except(run.Peers)))
        {
            if (await TryRemoveContainerAsync(container, ct) is { } failure)
            {
                kept.Add($"{container.Name} ({failure})");
            }
        }

        if (kept.Count > 0)
        {
            throw new InvalidOperationException(
                $"could not remove {kept.Count} container(s), `cmesh clean` tries again: {string.Join("; ", kept.Take(3))}{(kept.Count > 3 ? "; …" : "")}");
        }

        SecretFiles.Remove(run.RunId);
        AgentToken.Remove(run.RunId);
        var stuck = new List<string>();
        foreach (var network in run.Networks)
        {
            if (!await TryRemoveNetworkAsync(network.Id, ct))
            {
                stuck.Add(network.Name);
            }
        }

        if (stuck.Count > 0)
        {
            throw new InvalidOperationException(
                $"could not remove network {string.Join(", ", stuck)}: the engine still reports endpoints on it although no container is attached (a Docker engine fault; restarting the engine clears it)");
        }

        return drained;
    }

    /// <summary>Pauses the containers, <see cref="FreezeParallelism"/> at a time; one that exited meanwhile is left as it is.</summary>
    private async Task FreezeAsync(IEnumerable<ContainerSummary> containers, CancellationToken ct) =>
        await Parallel.ForEachAsync(containers, new ParallelOptions { MaxDegreeOfParallelism = FreezeParallelism, CancellationToken = ct }, async (container, token) =>
        {
            try
            {
                await engine.Containers.PauseAsync(container.Id, token);
            }
            catch (DockerEngineException)
            {
                // Removed all the same.
            }
        });

    /// <summary>
    /// A container the engine cannot kill yet (its process is a zombie its parent has not reaped, under a saturated
    /// host) is asked for again a few times; the engine's last refusal when it still cannot, so that one such
    /// container does not leave the rest of the run behind.
    /// </summary>
    private async Task<string?> TryRemoveContainerAsync(ContainerSummary container, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await engine.Containers.RemoveAsync(container.Id, force: true, ct);
                return null;
            }
            catch (DockerEngineException) when (attempt < ContainerRemovalAttempts)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), clock, ct);
            }
            catch (DockerEngineException e)
            {
                return e.Message;
            }
        }
    }

    /// <summary>
    /// The engine lets go of a removed container's endpoints a moment later and refuses until then; false when it
    /// still refuses after ten seconds.
    /// </summary>
    private async Task<bool> TryRemoveNetworkAsync(string networkId, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= 40; attempt++)
        {
            try
            {
                await engine.Networks.RemoveAsync(networkId, ct);
                return true;
            }
            catch (DockerEngineException e) when (e.Message.Contains("active endpoints"))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), clock, ct);
            }
        }

        return false;
    }

    private static async Task RecordStopAsync(RunInventory run, string reason, CancellationToken ct)
    {
        if (run.ResultsDirectory is { } directory && await RunManifest.ReadAsync(directory, ct) is { StoppedAt: null } manifest)
        {
            await (manifest with { StoppedAt = DateTimeOffset.UtcNow, StopReason = reason }).WriteAsync(directory, ct);
        }
    }
}

public sealed record CleanReport(int Runs, int Containers, int Networks, int Images, int Services = 0, int Secrets = 0, CollectedRecords? Collected = null);
