namespace CMesh.Report.Assertions;

/// <summary>One check of the report: a scenario's assertion, or a scenario copy that could not be read.</summary>
/// <param name="Name">What was checked, as written (p99-message-latency &lt; 5s).</param>
/// <param name="Measured">The figure found, with its unit, or why none was.</param>
public sealed record AssertionResult(string Scenario, string Name, string Measured, bool Passed);
