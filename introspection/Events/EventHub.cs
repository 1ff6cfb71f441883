using System.Threading.Channels;
using CMesh.Common.Contracts;

namespace CMesh.Introspection.Events;

/// <summary>
/// Hands a node's events to whoever listens on GET /events. With no listener, publishing is one array read, so
/// callers build an event only when <see cref="HasSubscribers"/> is true. A slow listener loses its oldest events
/// rather than slowing the node down.
/// </summary>
public sealed class EventHub(int bufferPerSubscriber = 1024)
{
    private readonly Lock _gate = new();
    private Channel<NodeEvent>[] _subscribers = [];

    public bool HasSubscribers => Volatile.Read(ref _subscribers).Length > 0;

    public void Publish(NodeEvent nodeEvent)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Writer.TryWrite(nodeEvent);
        }
    }

    public EventSubscription Subscribe()
    {
        var channel = Channel.CreateBounded<NodeEvent>(
            new BoundedChannelOptions(bufferPerSubscriber) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            Volatile.Write(ref _subscribers, [.. _subscribers, channel]);
        }

        return new EventSubscription(channel.Reader, () => Unsubscribe(channel));
    }

    private void Unsubscribe(Channel<NodeEvent> channel)
    {
        lock (_gate)
        {
            Volatile.Write(ref _subscribers, _subscribers.Where(s => s != channel).ToArray());
        }

        channel.Writer.TryComplete();
    }
}

/// <summary>One listener's events; disposing it stops the delivery.</summary>
public sealed class EventSubscription(ChannelReader<NodeEvent> events, Action unsubscribe) : IDisposable
{
    public ChannelReader<NodeEvent> Events { get; } = events;

    public void Dispose() => unsubscribe();
}
