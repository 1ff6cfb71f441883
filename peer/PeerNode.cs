using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Common.Timing;
using CMesh.Peer.Coordination;
using CMesh.Peer.Introspection;
using CMesh.Peer.Network;
using CMesh.Peer.Records;
using CMesh.Peer.Sync;
using CMesh.Peer.Workload;

namespace CMesh.Peer;

/// <summary>
/// One peer's life: register, link up, report ready, write from the common start time, and on stop drain, flush its
/// records and say goodbye. The coordinator's heartbeat answers drive every step. Its view shows all of it.
/// </summary>
public sealed class PeerNode(
    PeerIdentity self, CoordinatorClient coordinator, PeerRecords records, JournaledStore store, PeerView view, ProcessCounters counters, TextWriter log)
{
    private readonly TimeProvider _clock = TimeProvider.System;
    private bool _coordinatorReachable = true;

    public async Task<int> RunAsync(TcpListener listener, CancellationToken ct)
    {
        var registration = await RegisterAsync(ct);
        if (registration is null)
        {
            return 1;
        }

        var plan = registration.Plan;
        var links = new LinkTable();
        var probes = new ProbeTracker(self.PeerId, view.Telemetry);
        var replicator = new Replicator(self.PeerId, store, links, records, plan.Sync, probes, view.UpdateDrop);
        var manager = new LinkManager(self, plan, links, replicator, records, coordinator.DiscoverAsync, _clock, new Random());
        manager.AddCandidates(registration.Bootstrap, CandidateSource.Bootstrap);
        var sampler = new SecondSampler(self.PeerId, plan, links, store, records, counters);
        view.Attach(new PeerParts(plan, links, replicator, manager, sampler, probes));
        var writer = new UpdateWriter(replicator, plan.PayloadBytes, TimeSpan.FromMilliseconds(plan.WriteIntervalMs), _clock, new Random());

        using var linksRunning = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var accepting = manager.AcceptLoopAsync(listener, linksRunning.Token);
        var dialing = manager.DialLoopAsync(linksRunning.Token);
        var sampling = SampleEverySecondAsync(sampler, replicator, plan, linksRunning.Token);
        using var workloadRunning = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task? workload = null;
        var warmedUp = false;

        using var beat = new PeriodicTimer(TimeSpan.FromMilliseconds(plan.HeartbeatIntervalMs));
        try
        {
            while (await beat.WaitForNextTickAsync(ct))
            {
                if (view.State < PeerState.Running)
                {
                    ChangeState(links.Count > 0 ? PeerState.Ready : PeerState.Registered, $"{links.Count} links");
                }

                if (view.State == PeerState.Ready && !warmedUp && store.Restored == 0)
                {
                    writer.WarmUp();
                    warmedUp = true;
                }

                var answer = await HeartbeatAsync(links, replicator, manager, TimeSpan.FromMilliseconds(plan.HeartbeatTimeoutMs), ct);
                if (answer is { Phase: MeshPhase.Running, StartAt: { } startAt } && workload is null)
                {
                    workload = RunWorkloadAsync(writer, startAt, workloadRunning.Token);
                }
                else if (answer is { Phase: MeshPhase.Stopping })
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            log.WriteLine($"{self.PeerId}: terminated by signal");
        }

        ChangeState(PeerState.Reporting, $"written={replicator.Written} delivered={replicator.Delivered}");
        await workloadRunning.CancelAsync();
        if (workload is not null)
        {
            await workload;
        }

        if (!ct.IsCancellationRequested)
        {
            // Every peer hears of the stop within a heartbeat interval of the others; after two intervals and a
            // second more no one writes and the last updates have arrived, so the final state can be compared.
            await Task.Delay(2 * TimeSpan.FromMilliseconds(plan.HeartbeatIntervalMs) + TimeSpan.FromSeconds(1), CancellationToken.None);
            await TryHeartbeatAsync(links, replicator, ct);
        }

        await WriteSummaryAsync(links, replicator);
        records.Flush();
        store.Flush();
        ChangeState(PeerState.Stopped, "records flushed");
        await TryHeartbeatAsync(links, replicator, ct);
        await linksRunning.CancelAsync();
        await Task.WhenAll(accepting, dialing, sampling, manager.DrainAsync());
        await IdleUntilRemovedAsync(ct);
        return 0;
    }

    /// <summary>
    /// A stopped peer stays up, idle, until the driver removes it. Were every peer to exit on its own, the engine
    /// would release all their network endpoints at once, which is how Docker 20.10 loses count of a network's
    /// endpoints (moby/moby#42119); the driver removes containers one at a time instead.
    /// </summary>
    private static async Task IdleUntilRemovedAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<RegisterResponse?> RegisterAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var response = await coordinator.RegisterAsync(view.IntrospectionEndpoint, ct);
                ChangeState(PeerState.Registered, $"bootstrap: {string.Join(", ", response.Bootstrap.Select(p => p.PeerId))}");
                return response;
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                log.WriteLine($"{self.PeerId}: registration failed ({e.Message}); retrying in {delay.TotalMilliseconds:F0} ms");
            }

            try
            {
                await Task.Delay(delay, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }

        return null;
    }

    /// <summary>A heartbeat not answered within the plan's heartbeat timeout counts as the coordinator unreachable.</summary>
    private async Task<HeartbeatResponse?> HeartbeatAsync(LinkTable links, Replicator replicator, LinkManager manager, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            var answer = await coordinator.HeartbeatAsync(Beat(links, replicator), limit.Token);
            CoordinatorReachable(true, "");
            if (answer is null)
            {
                var again = await coordinator.RegisterAsync(view.IntrospectionEndpoint, limit.Token);
                manager.AddCandidates(again.Bootstrap, CandidateSource.Bootstrap);
                log.WriteLine($"{self.PeerId}: registered again (the coordinator had forgotten this peer)");
            }

            return answer;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            CoordinatorReachable(false, e is OperationCanceledException ? $"no answer within {timeout.TotalMilliseconds:F0} ms" : e.Message);
            return null;
        }
    }

    private async Task TryHeartbeatAsync(LinkTable links, Replicator replicator, CancellationToken ct)
    {
        if (!ct.IsCancellationRequested)
        {
            try
            {
                await coordinator.HeartbeatAsync(Beat(links, replicator), ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Best effort: the records on disk are what counts.
            }
        }
    }

    private HeartbeatRequest Beat(LinkTable links, Replicator replicator) =>
        new(view.State, links.RemotePeerIds, replicator.Written, replicator.Delivered, view.Health());

    private async Task RunWorkloadAsync(UpdateWriter writer, DateTimeOffset startAt, CancellationToken ct)
    {
        log.WriteLine($"{self.PeerId}: workload starts at {startAt:HH:mm:ss.fff}");
        try
        {
            var wait = startAt - _clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _clock, ct);
            }

            ChangeState(PeerState.Running, "writing");
            await writer.RunAsync(startAt, ct);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>
    /// Every second of the run's grid: samples traffic and the peer itself, and flushes the store's journal; every
    /// anti-entropy interval of the plan: exchanges version vectors with every neighbour.
    /// </summary>
    private Task SampleEverySecondAsync(SecondSampler sampler, Replicator replicator, TestPlan plan, CancellationToken ct)
    {
        var antiEntropyUs = Math.Max(1, plan.AntiEntropyIntervalMs / 1000) * SecondTicker.Second;
        return new SecondTicker(_clock).RunAsync(
            (due, now) =>
            {
                sampler.Sample(view.State, due, now);
                store.Flush();
                if (due % antiEntropyUs == 0)
                {
                    replicator.ExchangeSummaries();
                }
            },
            ct);
    }

    private async Task WriteSummaryAsync(LinkTable links, Replicator replicator)
    {
        var digest = store.Digest();
        var summary = new
        {
            self.PeerId,
            self.DataEndpoint,
            written = replicator.Written,
            delivered = replicator.Delivered,
            restoredFromJournal = store.Restored,
            stateUpdates = digest.Updates,
            stateDigest = digest.Hash,
            versionVector = store.Summary().Entries,
            linksAtEnd = links.RemotePeerIds,
            stoppedAtUnixUs = UnixTime.NowMicros(),
        };
        await File.WriteAllTextAsync(
            Path.Combine(records.Directory, "summary.json"), JsonSerializer.Serialize(summary, CMeshJson.Indented), CancellationToken.None);
    }

    private void CoordinatorReachable(bool reachable, string detail)
    {
        if (reachable != _coordinatorReachable)
        {
            _coordinatorReachable = reachable;
            records.LinkEvent(reachable ? "coordinator-reachable" : "coordinator-unreachable", "coordinator", "out", detail);
        }
    }

    private void ChangeState(PeerState state, string detail)
    {
        if (state != view.State)
        {
            view.State = state;
            view.Telemetry.StateChanged(state, detail);
            log.WriteLine($"{self.PeerId}: {state.ToString().ToLowerInvariant()} ({detail})");
        }
    }

    public static TcpListener Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Any, port);
        listener.Start(backlog: 512);
        return listener;
    }
}
