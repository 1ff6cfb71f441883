
namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// Applies one part of a fault per member, all at once; when any part fails, the parts that succeeded are undone
/// before the first failure is thrown, so a fault is never left half applied.
/// </summary>
internal static class AllOrNothing
{
    /// <summary>How long undoing may take; it runs under its own limit, never under a cancelled caller's token.</summary>
    public static readonly TimeSpan RevertLimit = TimeSpan.FromSeconds(30);

    public static async Task ApplyAsync<T>(
        IReadOnlyList<T> parts, Func<T, CancellationToken, Task> apply, Func<T, CancellationToken, Task> undo, TimeProvider clock, CancellationToken ct)
    {
        var attempts = parts.Select(async part =>
        {
            await apply(part, ct);
            return part;
        }).ToList();
        try
        {
            await Task.WhenAll(attempts);
        }
        catch
        {
            using var limit = new CancellationTokenSource(RevertLimit, clock);
            await Task.WhenAll(attempts.Where(a => a.IsCompletedSuccessfully).Select(a => UndoQuietlyAsync(a.Result, undo, limit.Token)));
            throw attempts.First(a => a.IsFaulted || a.IsCanceled).Exception?.InnerException ?? new OperationCanceledException(ct);
        }
    }

    /// <summary>Undoes every part; a part that fails to undo does not stop the others, and the first failure is thrown at the end.</summary>
    public static async Task UndoAllAsync<T>(IReadOnlyList<T> parts, Func<T, CancellationToken, Task> undo, CancellationToken ct)
    {
        var undos = parts.Select(part => undo(part, ct)).ToList();
        try
        {
            await Task.WhenAll(undos);
        }
        catch
        {
            throw undos.First(u => u.IsFaulted || u.IsCanceled).Exception?.InnerException ?? new OperationCanceledException(ct);
        }
    }

    private static async Task UndoQuietlyAsync<T>(T part, Func<T, CancellationToken, Task> undo, CancellationToken ct)
    {
        try
        {
            await undo(part, ct);
        }
        catch (Exception)
        {
            // The apply failure is what the user needs to see; an undo that also fails leaves a rule `cmesh chaos clear` removes.
        }
    }
}
