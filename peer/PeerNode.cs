using System.Net;
using System.Net.Sockets;
using CMesh.Common.Contracts;
using CMesh.Common.Records;
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
    PeerIdentity self, CoordinatorSession session, PeerRecords records, JournaledStore store, PeerView view, ProcessCounters counters, TextWriter log,
    TimeProvider clock)
{
    private readonly TimeProvider _clock = clock;

    public async Task<int> RunAsync(TcpListener listener, CancellationToken ct)
    {
        var registration = await session.RegisterAsync(contact: null, ct);
        if (registration is null)
        {
            return 1;
        }

        var plan = registration.Plan;
        var links = new LinkTable();
        var probes = new ProbeTracker(self.PeerId, view.Telemetry);
        using var gossip = IGossip.For(plan.Gossip, self.PeerId, store, links, _clock, view.UpdateDrop);
        var replicator = new Replicator(self.PeerId, store, links, records, plan.Sync, gossip, probes, view.UpdateDrop);
        var manager = new LinkManager(self, plan, links, replicator, records, session.DiscoverAsync, _clock, new Random());
        manager.AddCandidates(registration.Bootstrap, CandidateSource.Bootstrap);
        var sampler = new SecondSampler(self.PeerId, plan, links, store, records, counters);
        view.Attach(new PeerParts(plan, links, replicator, manager, sampler, probes, store));
        var writer = new UpdateWriter(
            (payload, due, _) =>
            {
                replicator.WriteLocal(payload, due);
                return ValueTask.CompletedTask;
            },
            plan.PayloadBytes, TimeSpan.FromMilliseconds(plan.WriteIntervalMs), _clock, WorkloadRandom.For(plan, self.PeerId));

        using var linksRunning = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var accepting = manager.AcceptLoopAsync(listener, linksRunning.Token);
        var linking = manager.RunAsync(linksRunning.Token);
        var sampling = SampleEverySecondAsync(sampler, replicator, plan, linksRunning.Token);
        using var workloadRunning = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task? workload = null;

        // The mesh is ready once its last peer has a link, so a peer says it has one when the link opens.
        using var beats = new BeatSchedule(TimeSpan.FromMilliseconds(plan.CoordinatorBeatIntervalMs), links.FirstOpened, _clock);
        try
        {
            while (await beats.WaitForNextAsync(ct))
            {
                if (view.State < PeerState.Running)
                {
                    session.ChangeState(links.Count > 0 ? PeerState.Ready : PeerState.Registered, $"{links.Count} links");
                }

                var answer = await session.HeartbeatAsync(
                    Beat(links, replicator), contact: null, again => manager.AddCandidates(again, CandidateSource.Bootstrap), TimeSpan.FromMilliseconds(plan.HeartbeatTimeoutMs), ct);
                if (answer is { Phase: MeshPhase.Running, StartAt: { } startAt } && workload is null)
                {
                    workload = writer.RunFromAsync(startAt, answer.StopAt, () => session.ChangeState(PeerState.Running, "writing"), log, self.PeerId, workloadRunning.Token);
                }
                else if (answer is { Phase: MeshPhase.Settling } && view.State < PeerState.Reporting)
                {
                    await EndWorkloadAsync(workloadRunning, workload, replicator);
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

        if (view.State < PeerState.Reporting)
        {
            await EndWorkloadAsync(workloadRunning, workload, replicator);
        }

        await WriteSummaryAsync(links, replicator);
        records.Flush();
        store.Flush();
        session.ChangeState(PeerState.Stopped, "records flushed");
        await session.TryHeartbeatAsync(Beat(links, replicator), ct);
        await linksRunning.CancelAsync();
        await Task.WhenAll(accepting, linking, sampling, manager.DrainAsync());
        await CoordinatorSession.IdleUntilRemovedAsync(ct);
        return 0;
    }

    /// <summary>The workload is over: no more writes; links and sync go on while the mesh settles.</summary>
    private async Task EndWorkloadAsync(CancellationTokenSource workloadRunning, Task? workload, Replicator replicator)
    {
        session.ChangeState(PeerState.Reporting, $"written={replicator.Written} delivered={replicator.Delivered}");
        await workloadRunning.CancelAsync();
        if (workload is not null)
        {
            await workload;
        }
    }

    private HeartbeatRequest Beat(LinkTable links, Replicator replicator) =>
        new(view.State, links.RemotePeerIds, replicator.Written, replicator.Delivered, view.Health(), store.Held());

    /// <summary>
    /// Every second, at this peer's own moment within it: samples traffic and the peer itself, and flushes the store's
    /// journal; every anti-entropy interval of the plan, in this peer's own second of it: exchanges version vectors
    /// with every neighbour.
    /// </summary>
    private Task SampleEverySecondAsync(SecondSampler sampler, Replicator replicator, TestPlan plan, CancellationToken ct)
    {
        var antiEntropy = new AntiEntropySchedule(self.PeerId, plan.AntiEntropyIntervalMs);
        return new SecondTicker(_clock, SecondTicker.OffsetFor(self.PeerId)).RunAsync(
            (due, now) =>
            {
                sampler.Sample(view.State, due, now);
                store.Flush();
                if (antiEntropy.IsDue(due))
                {
                    replicator.ExchangeSummaries();
                }
            },
            ct);
    }

    private Task WriteSummaryAsync(LinkTable links, Replicator replicator)
    {
        var digest = store.Digest();
        return new PeerSummary(
            self.PeerId, self.DataEndpoint, PeerParts.BuiltInEngine, replicator.Written, replicator.Delivered, store.Restored, digest.Updates, digest.Hash,
            store.Summary().Entries, links.RemotePeerIds).WriteAsync(records.Directory);
    }

    public static TcpListener Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Any, port);
        listener.Start(backlog: 512);
        return listener;
    }
}
