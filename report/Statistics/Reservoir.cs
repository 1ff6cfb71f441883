namespace CMesh.Report.Statistics;

/// <summary>
/// A uniform random sample of at most <c>capacity</c> items from a stream of any length (Vitter's algorithm R),
/// so a plot can show raw points of ten million deliveries. The seed is fixed: the same run gives the same plot.
/// </summary>
public sealed class Reservoir<T>(int capacity)
{
    private readonly List<T> _items = new(capacity);
    private readonly Random _random = new(5);
    private long _seen;

    public IReadOnlyList<T> Items => _items;

    public void Offer(T item)
    {
        _seen++;
        if (_items.Count < capacity)
        {
            _items.Add(item);
            return;
        }

        var slot = _random.NextInt64(_seen);
        if (slot < capacity)
        {
            _items[(int)slot] = item;
        }
    }
}
