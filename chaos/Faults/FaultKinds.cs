using System.Reflection;

namespace CMesh.Chaos.Faults;

/// <summary>Every kind of fault, found from the records that define one, so that adding a kind is adding its record's file.</summary>
public static class FaultKinds
{
    public static IReadOnlyList<FaultKind> All { get; } = typeof(FaultSpec).Assembly.GetTypes()
        .Where(type => type is { IsClass: true, IsAbstract: false } && type.IsAssignableTo(typeof(IDefinesFaultKind)))
        .Select(type => (FaultKind)type.GetProperty(nameof(IDefinesFaultKind.Definition), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!)
        .OrderBy(kind => kind.Order)
        .ToList();

    /// <exception cref="FormatException">The text names no kind; the message lists them all.</exception>
    public static FaultKind Parse(string text) =>
        All.FirstOrDefault(kind => kind.Name == text)
        ?? throw new FormatException($"'{text}' is not a fault kind: use one of {string.Join(", ", All.Select(kind => kind.Name))}");
}
