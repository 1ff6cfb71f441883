namespace CMesh.Peer.Sync;

/// <summary>Consecutive updates of one writer: sequences <paramref name="FirstSeq"/> to FirstSeq + Count - 1.</summary>
public sealed record UpdateRange(string Writer, long FirstSeq, int Count)
{
    /// <summary>The longest range the wire carries (its count is 16 bits).</summary>
    public const int MaxCount = ushort.MaxValue;

    public IEnumerable<UpdateId> Ids()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return new UpdateId(Writer, FirstSeq + i);
        }
    }

    /// <summary>The fewest ranges naming the given updates: a run of one writer's sequences (a burst) becomes one range.</summary>
    public static IReadOnlyList<UpdateRange> Cover(IEnumerable<UpdateId> ids)
    {
        var ranges = new List<UpdateRange>();
        foreach (var writer in ids.GroupBy(id => id.Writer, StringComparer.Ordinal))
        {
            var sequences = writer.Select(id => id.Sequence).Distinct().Order().ToList();
            var (first, count) = (sequences[0], 1);
            foreach (var sequence in sequences.Skip(1))
            {
                if (sequence == first + count && count < MaxCount)
                {
                    count++;
                    continue;
                }

                ranges.Add(new UpdateRange(writer.Key, first, count));
                (first, count) = (sequence, 1);
            }

            ranges.Add(new UpdateRange(writer.Key, first, count));
        }

        return ranges;
    }
}
