namespace CMesh.Report.Statistics;

/// <summary>Which sequence numbers of one writer were seen, one bit each, so a repeated row is not counted twice.</summary>
public sealed class SeqSet
{
    private ulong[] _bits = new ulong[16];

    public long Count { get; private set; }

    public long MaxSeq { get; private set; }

    public void Add(long seq)
    {
        if (seq < 0)
        {
            return;
        }

        var word = (int)(seq >> 6);
        if (word >= _bits.Length)
        {
            Array.Resize(ref _bits, Math.Max(word + 1, _bits.Length * 2));
        }

        var mask = 1UL << (int)(seq & 63);
        if ((_bits[word] & mask) == 0)
        {
            _bits[word] |= mask;
            Count++;
            MaxSeq = Math.Max(MaxSeq, seq);
        }
    }
}
