namespace CMesh.Common.Contracts;

/// <summary>The body of an HTTP error answer from a peer or the coordinator: {"error": "…"}.</summary>
public sealed record ErrorAnswer(string Error);
