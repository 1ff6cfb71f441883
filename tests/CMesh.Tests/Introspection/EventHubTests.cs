using CMesh.Common.Contracts;
using CMesh.Introspection.Events;

namespace CMesh.Tests.Introspection;

public sealed class EventHubTests
{
    [Fact]
    public async Task Each_subscriber_gets_every_event_published_after_it_subscribed_until_it_leaves()
    {
        var hub = new EventHub();
        Assert.False(hub.HasSubscribers);
        using var first = hub.Subscribe();
        var second = hub.Subscribe();

        hub.Publish(Event("open"));
        second.Dispose();
        hub.Publish(Event("close"));

        Assert.True(hub.HasSubscribers);
        Assert.Equal("open", (await first.Events.ReadAsync()).Event);
        Assert.Equal("close", (await first.Events.ReadAsync()).Event);
        Assert.Equal("open", (await second.Events.ReadAsync()).Event);
        Assert.False(second.Events.TryRead(out _));
    }

    [Fact]
    public void A_subscriber_that_does_not_keep_up_loses_its_oldest_events_not_the_newest()
    {
        var hub = new EventHub(bufferPerSubscriber: 2);
        using var slow = hub.Subscribe();

        foreach (var name in new[] { "a", "b", "c" })
        {
            hub.Publish(Event(name));
        }

        Assert.True(slow.Events.TryRead(out var oldestKept));
        Assert.Equal("b", oldestKept.Event);
    }

    private static NodeEvent Event(string name) => new(0, "peer-1", "link", name);
}
