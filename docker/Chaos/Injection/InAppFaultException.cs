
namespace CMesh.Docker.Chaos.Injection;

/// <summary>A peer did not take an in-app fault switch.</summary>
public sealed class InAppFaultException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
