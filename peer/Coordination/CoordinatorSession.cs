using System.Text.Json;
using CMesh.Common.Contracts;
using CMesh.Peer.Introspection;
using CMesh.Peer.Records;

namespace CMesh.Peer.Coordination;

/// <summary>
/// A peer's life as the coordinator sees it, whichever engine the peer runs: registration (retried until it is
/// answered), heartbeats with the plan's timeout, the peer's state and whether the coordinator is reachable, as
/// links.csv and the view record them.
/// </summary>
public sealed class CoordinatorSession(CoordinatorClient coordinator, PeerView view, PeerRecords records, TextWriter log, string peerId, TimeProvider clock)
{
    private bool _coordinatorReachable = true;

    /// <summary>More peers of the swarm, for a peer that wants more links than it has.</summary>
    public Task<IReadOnlyList<PeerAddress>> DiscoverAsync(CancellationToken ct) => coordinator.DiscoverAsync(ct);

    /// <summary>Null when cancelled before the coordinator answered.</summary>
    public async Task<RegisterResponse?> RegisterAsync(JsonElement? contact, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var response = await coordinator.RegisterAsync(view.IntrospectionEndpoint, contact, ct);
                ChangeState(PeerState.Registered, $"bootstrap: {string.Join(", ", response.Bootstrap.Select(p => p.PeerId))}");
                return response;
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                log.WriteLine($"{peerId}: registration failed ({e.Message}); retrying in {delay.TotalMilliseconds:F0} ms");
            }

            try
            {
                await Task.Delay(delay, clock, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }

        return null;
    }

    /// <summary>
    /// A heartbeat not answered within <paramref name="timeout"/> counts as the coordinator unreachable (null). A
    /// coordinator that forgot this peer (it restarted) gets a new registration, whose bootstrap peers go to
    /// <paramref name="registeredAgain"/>.
    /// </summary>
    public async Task<HeartbeatResponse?> HeartbeatAsync(
        HeartbeatRequest beat, JsonElement? contact, Action<IReadOnlyList<PeerAddress>> registeredAgain, TimeSpan timeout, CancellationToken ct)
    {
        using var unanswered = new CancellationTokenSource(timeout, clock);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct, unanswered.Token);
        try
        {
            var answer = await coordinator.HeartbeatAsync(beat, limit.Token);
            CoordinatorReachable(true, "");
            if (answer is null)
            {
                var again = await coordinator.RegisterAsync(view.IntrospectionEndpoint, contact, limit.Token);
                registeredAgain(again.Bootstrap);
                log.WriteLine($"{peerId}: registered again (the coordinator had forgotten this peer)");
            }

            return answer;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            CoordinatorReachable(false, e is OperationCanceledException ? $"no answer within {timeout.TotalMilliseconds:F0} ms" : e.Message);
            return null;
        }
    }

    /// <summary>Best effort, at the end: the records on disk are what counts.</summary>
    public async Task TryHeartbeatAsync(HeartbeatRequest beat, CancellationToken ct)
    {
        if (!ct.IsCancellationRequested)
        {
            try
            {
                await coordinator.HeartbeatAsync(beat, ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
        }
    }

    public void ChangeState(PeerState state, string detail)
    {
        if (state != view.State)
        {
            view.State = state;
            view.Telemetry.StateChanged(state, detail);
            log.WriteLine($"{peerId}: {state.ToString().ToLowerInvariant()} ({detail})");
        }
    }

    /// <summary>
    /// A stopped peer stays up, idle, until the driver removes it. Were every peer to exit on its own, the engine
    /// would release all their network endpoints at once, which is how Docker 20.10 loses count of a network's
    /// endpoints (moby/moby#42119); the driver removes containers one at a time instead.
    /// </summary>
    public static async Task IdleUntilRemovedAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void CoordinatorReachable(bool reachable, string detail)
    {
        if (reachable != _coordinatorReachable)
        {
            _coordinatorReachable = reachable;
            records.LinkEvent(reachable ? "coordinator-reachable" : "coordinator-unreachable", "coordinator", "out", detail);
        }
    }
}
