namespace CMesh.Common.Timing;

/// <summary>
/// FNV-1a of a string: the same value in every run and process (string.GetHashCode differs between processes), so
/// that what a peer's id decides (its anti-entropy second, its moment within each second) never moves.
/// </summary>
public static class StableHash
{
    public static uint Of(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
