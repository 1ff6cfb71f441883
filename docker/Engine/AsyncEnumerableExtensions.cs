using System.Runtime.CompilerServices;

namespace CMesh.Docker.Engine;

internal static class AsyncEnumerableExtensions
{
    /// <summary>Ends the sequence quietly when <paramref name="ct"/> is cancelled instead of throwing.</summary>
    public static async IAsyncEnumerable<T> EndOnCancel<T>(
        this IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var items = source.GetAsyncEnumerator(ct);
        while (true)
        {
            try
            {
                if (!await items.MoveNextAsync())
                    yield break;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                yield break;
            }
            yield return items.Current;
        }
    }
}
