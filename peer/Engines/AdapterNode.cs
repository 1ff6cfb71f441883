using System.Text.Json;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Common.Records;
using CMesh.Common.Timing;
using CMesh.Peer.Coordination;
using CMesh.Peer.Introspection;
using CMesh.Peer.Records;
using CMesh.Peer.Workload;
using Env = CMesh.Common.ContainerEnvironment;

namespace CMesh.Peer.Engines;

/// <summary>
/// One peer whose sync engine is another program, driven through its adapter (docs/engines.md): start the adapter,
/// register with its contact, hand it the peers the coordinator names, write on the workload's schedule, record
/// what it acknowledges and what it reports visible, and on stop let it flush and exit. An adapter that breaks the
/// protocol, reports an error or exits mid-run ends the peer with exit code 1; what was recorded stays.
/// </summary>
public sealed class AdapterNode(
    PeerIdentity self, EngineCommand engine, string runId, string listenHost, CoordinatorSession session, PeerRecords records, PeerView view,
    ProcessCounters counters, TextWriter log, TimeProvider clock)
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly TimeProvider _clock = clock;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var history = RecordedHistory.Read(records.Directory, self.PeerId);
        Directory.CreateDirectory(Env.EngineStatePath);
        await using var adapter = AdapterProcess.Start(engine.Command, log, $"{self.PeerId} {engine.Name}: ");
        await adapter.SendAsync(AdapterMessages.Start(runId, self.PeerId, listenHost, Env.PeerDataPort, Env.EngineStatePath, Env.SecretsPath), ct);
        var contact = await WaitForReadyAsync(adapter, ct);
        if (contact is null)
        {
            return 1;
        }

        var registration = await session.RegisterAsync(contact, ct);
        if (registration is null)
        {
            return 1;
        }

        var plan = registration.Plan;
        var parts = new AdapterEngine(engine.Name, self.PeerId, plan, history, records, adapter.SendAsync, 2 * TimeSpan.FromMilliseconds(plan.HeartbeatTimeoutMs));
        view.Attach(parts);
        var peers = new AdapterPeerSet(self.PeerId, plan.Degree);
        await OfferAsync(registration.Bootstrap, peers, parts, adapter, ct);

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        string? failure = null;
        var stopping = false;
        var pumping = Task.Run(async () => failure = await PumpAsync(adapter, parts, failed, () => Volatile.Read(ref stopping)), CancellationToken.None);
        var sampling = new SecondTicker(_clock, SecondTicker.OffsetFor(self.PeerId)).RunAsync((due, now) => Sample(parts, due, now), failed.Token);
        var writer = new UpdateWriter(parts.WriteAsync, plan.PayloadBytes, TimeSpan.FromMilliseconds(plan.WriteIntervalMs), _clock, WorkloadRandom.For(plan, self.PeerId));
        using var workloadRunning = CancellationTokenSource.CreateLinkedTokenSource(failed.Token);
        Task? workload = null;
        var warmedUp = history.LastSeq > 0;

        using var beat = new PeriodicTimer(TimeSpan.FromMilliseconds(plan.CoordinatorBeatIntervalMs), _clock);
        try
        {
            while (await beat.WaitForNextTickAsync(failed.Token))
            {
                var linked = parts.LinkedPeers;
                if (view.State < PeerState.Running)
                {
                    session.ChangeState(linked.Count > 0 ? PeerState.Ready : PeerState.Registered, $"{linked.Count} links");
                }

                if (view.State == PeerState.Ready && !warmedUp)
                {
                    await writer.WarmUpAsync(failed.Token);
                    warmedUp = true;
                }

                if (!peers.Full)
                {
                    await OfferAsync(await DiscoverAsync(failed.Token), peers, parts, adapter, failed.Token);
                }

                IReadOnlyList<PeerAddress>? bootstrapAgain = null;
                var answer = await session.HeartbeatAsync(
                    Beat(parts), contact, again => bootstrapAgain = again, TimeSpan.FromMilliseconds(plan.HeartbeatTimeoutMs), failed.Token);
                if (bootstrapAgain is not null)
                {
                    await OfferAsync(bootstrapAgain, peers, parts, adapter, failed.Token);
                }

                if (answer is { Phase: MeshPhase.Running, StartAt: { } startAt } && workload is null)
                {
                    workload = writer.RunFromAsync(startAt, answer.StopAt, () => session.ChangeState(PeerState.Running, "writing"), log, self.PeerId, workloadRunning.Token);
                }
                else if (answer is { Phase: MeshPhase.Settling } && view.State < PeerState.Reporting)
                {
                    await EndWorkloadAsync(workloadRunning, workload, parts);
                }
                else if (answer is { Phase: MeshPhase.Stopping })
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (failure is null)
        {
            log.WriteLine($"{self.PeerId}: terminated by signal");
        }
        catch (OperationCanceledException)
        {
        }

        if (view.State < PeerState.Reporting)
        {
            await EndWorkloadAsync(workloadRunning, workload, parts);
        }

        Volatile.Write(ref stopping, true);
        await adapter.SendAsync(AdapterMessages.Stop(), CancellationToken.None);
        var exitedByItself = await adapter.WaitForExitAsync(StopGrace, _clock);
        await failed.CancelAsync();
        await Task.WhenAll(pumping, sampling);
        parts.ExpireUnacknowledged();
        await WriteSummaryAsync(parts, history, failure);
        records.Flush();
        if (failure is not null)
        {
            log.WriteLine($"{self.PeerId}: engine {engine.Name} failed: {failure}");
            records.LinkEvent("engine-failed", "engine", "", failure);
            records.Flush();
            return 1;
        }

        if (!exitedByItself)
        {
            log.WriteLine($"{self.PeerId}: engine adapter {engine.Name} did not exit within {StopGrace.TotalSeconds:F0} s of stop and was killed");
        }

        session.ChangeState(PeerState.Stopped, "records flushed");
        await session.TryHeartbeatAsync(Beat(parts), ct);
        await CoordinatorSession.IdleUntilRemovedAsync(ct);
        return 0;
    }

    private async Task<JsonElement?> WaitForReadyAsync(AdapterProcess adapter, CancellationToken ct)
    {
        using var unready = new CancellationTokenSource(ReadyTimeout, _clock);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct, unready.Token);
        try
        {
            await foreach (var stamped in adapter.Events.ReadAllAsync(limit.Token))
            {
                switch (stamped.Event)
                {
                    case AdapterReady ready:
                        log.WriteLine($"{self.PeerId}: engine {engine.Name} ready, contact {ready.Contact.GetRawText()}");
                        return ready.Contact;
                    case AdapterError error:
                        log.WriteLine($"{self.PeerId}: engine {engine.Name} failed before it was ready: {error.Message}");
                        return null;
                }
            }

            log.WriteLine($"{self.PeerId}: engine {engine.Name} exited before it was ready (exit code {(adapter.HasExited ? adapter.ExitCode : -1)})");
        }
        catch (AdapterProtocolException e)
        {
            log.WriteLine($"{self.PeerId}: engine {engine.Name} broke the protocol before it was ready: {e.Message}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            log.WriteLine($"{self.PeerId}: engine {engine.Name} sent no ready event within {ReadyTimeout.TotalSeconds:F0} s");
        }

        return null;
    }

    /// <summary>
    /// Hands every event to the engine's records until the adapter's stdout ends; the reason, when that is a failure
    /// (its stdout ending before it was asked to stop is one).
    /// </summary>
    private static async Task<string?> PumpAsync(AdapterProcess adapter, AdapterEngine parts, CancellationTokenSource failed, Func<bool> stopping)
    {
        string? failure;
        try
        {
            await foreach (var stamped in adapter.Events.ReadAllAsync(CancellationToken.None))
            {
                if (parts.Handle(stamped) is { } error)
                {
                    failure = $"the adapter reported: {error}";
                    await failed.CancelAsync();
                    return failure;
                }
            }

            failure = stopping() || failed.IsCancellationRequested ? null : $"the adapter exited mid-run (exit code {(adapter.HasExited ? adapter.ExitCode : -1)})";
        }
        catch (AdapterProtocolException e)
        {
            failure = $"the adapter broke the protocol: {e.Message}";
        }

        if (failure is not null)
        {
            await failed.CancelAsync();
        }

        return failure;
    }

    private async Task OfferAsync(IReadOnlyList<PeerAddress> found, AdapterPeerSet peers, AdapterEngine parts, AdapterProcess adapter, CancellationToken ct)
    {
        foreach (var peer in found)
        {
            parts.Know(peer);
        }

        if (peers.Add(found))
        {
            await adapter.SendAsync(AdapterMessages.Peers(peers.Chosen), ct);
        }
    }

    private async Task<IReadOnlyList<PeerAddress>> DiscoverAsync(CancellationToken ct)
    {
        try
        {
            return await session.DiscoverAsync(ct);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return [];
        }
    }

    private void Sample(AdapterEngine parts, long dueMicros, long nowMicros)
    {
        parts.ExpireUnacknowledged();
        var (cpu, rss) = counters.Process();
        var (rx, tx) = counters.DataInterface();
        records.Sample(new SampleRecord(
            dueMicros, nowMicros, nowMicros - dueMicros, view.State.ToString().ToLowerInvariant(), parts.LinkedPeers.Count, parts.VersionVector.Values.Sum(), cpu, rss, rx, tx));
    }

    /// <summary>The workload is over: no more writes; the engine runs on while the mesh settles.</summary>
    private async Task EndWorkloadAsync(CancellationTokenSource workloadRunning, Task? workload, AdapterEngine parts)
    {
        session.ChangeState(PeerState.Reporting, $"written={parts.Written} delivered={parts.Delivered}");
        await workloadRunning.CancelAsync();
        if (workload is not null)
        {
            await workload;
        }
    }

    private HeartbeatRequest Beat(AdapterEngine parts) => new(view.State, parts.LinkedPeers, parts.Written, parts.Delivered, view.Health(), parts.Held());

    private Task WriteSummaryAsync(AdapterEngine parts, RecordedHistory history, string? failure)
    {
        var digest = parts.Digest();
        return new PeerSummary(
            self.PeerId, self.DataEndpoint, engine.Name, parts.Written, parts.Delivered, history.Held.Count, digest.Updates, digest.Hash,
            parts.VersionVector, parts.LinkedPeers, failure).WriteAsync(records.Directory);
    }
}
