using CMesh.Common.Contracts;
using CMesh.Coordinator;

namespace CMesh.Tests.Coordinator;

public sealed class MeshRegistryTests
{
    private readonly MeshRegistry _registry = new(new ManualClock(DateTimeOffset.UnixEpoch));

    [Fact]
    public void The_first_peer_gets_no_bootstrap_peers_and_each_later_one_gets_the_peer_registered_just_before_it_first()
    {
        Assert.Empty(_registry.Register("peer-1", "10.0.0.1:7100", 3));
        for (var i = 2; i <= 10; i++)
        {
            var bootstrap = _registry.Register($"peer-{i}", $"10.0.0.{i}:7100", 3);

            Assert.Equal($"peer-{i - 1}", bootstrap[0].PeerId);
            Assert.Equal(Math.Min(3, i - 1), bootstrap.Count);
            Assert.DoesNotContain(bootstrap, p => p.PeerId == $"peer-{i}");
            Assert.Equal(bootstrap.Count, bootstrap.Select(p => p.PeerId).Distinct().Count());
        }
    }

    [Fact]
    public void The_mesh_is_ready_only_when_every_expected_peer_is_ready_with_a_link()
    {
        _registry.Register("peer-1", "a:1", 2);
        _registry.Register("peer-2", "b:1", 2);
        _registry.Heartbeat("peer-1", new HeartbeatRequest(PeerState.Ready, ["peer-2"], 0, 0));
        Assert.False(_registry.AllReady(2));

        _registry.Heartbeat("peer-2", new HeartbeatRequest(PeerState.Ready, [], 0, 0));
        Assert.False(_registry.AllReady(2));

        _registry.Heartbeat("peer-2", new HeartbeatRequest(PeerState.Ready, ["peer-1"], 0, 0));
        Assert.True(_registry.AllReady(2));
        Assert.False(_registry.AllReady(3));
    }

    [Fact]
    public void A_ready_peer_that_registers_again_is_not_ready_until_it_says_so_again()
    {
        _registry.Register("peer-1", "a:1", 2);
        _registry.Register("peer-2", "b:1", 2);
        _registry.Heartbeat("peer-1", new HeartbeatRequest(PeerState.Ready, ["peer-2"], 0, 0));
        _registry.Heartbeat("peer-2", new HeartbeatRequest(PeerState.Ready, ["peer-1"], 0, 0));
        Assert.True(_registry.AllReady(2));

        _registry.Register("peer-2", "b:1", 2);
        Assert.False(_registry.AllReady(2));

        _registry.Heartbeat("peer-2", new HeartbeatRequest(PeerState.Running, ["peer-1"], 0, 0));
        Assert.True(_registry.AllReady(2));

        _registry.Heartbeat("peer-1", new HeartbeatRequest(PeerState.Running, [], 0, 0));
        Assert.False(_registry.AllReady(2));
    }

    [Fact]
    public void A_heartbeat_from_an_unknown_peer_asks_it_to_register_again()
    {
        Assert.False(_registry.Heartbeat("peer-9", new HeartbeatRequest(PeerState.Ready, [], 0, 0)));
    }

    [Fact]
    public void Discovery_never_returns_the_asking_peer()
    {
        for (var i = 1; i <= 5; i++)
        {
            _registry.Register($"peer-{i}", $"h{i}:1", 2);
        }

        var found = _registry.Discover("peer-3", 10);

        Assert.Equal(4, found.Count);
        Assert.DoesNotContain(found, p => p.PeerId == "peer-3");
    }
}
