
namespace CMesh.Chaos.Mechanisms;

/// <summary>A fault done to each target container through the engine: what it does, and what undoes it when it ends.</summary>
public interface INodeFault
{
    /// <summary>What is done to the member, as --dry-run prints it.</summary>
    string Describe(string member);

    Task ApplyAsync(INodeControl node, CancellationToken ct);

    Task UndoAsync(INodeControl node, CancellationToken ct);
}
