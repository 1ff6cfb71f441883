namespace CMesh.Peer.Sync;

/// <summary>Names one update: its writer and its sequence in that writer's log.</summary>
public readonly record struct UpdateId(string Writer, long Sequence)
{
    public static UpdateId Of(Update update) => new(update.Writer, update.Sequence);
}
