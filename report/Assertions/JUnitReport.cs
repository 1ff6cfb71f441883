using System.Xml.Linq;

namespace CMesh.Report.Assertions;

/// <summary>The assertions as a JUnit XML test suite, the format CI systems show as test results.</summary>
public static class JUnitReport
{
    public static XDocument Build(string runId, IReadOnlyList<AssertionResult> results)
    {
        var failures = results.Count(r => !r.Passed);
        return new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XAttribute("name", "cmesh report"), new XAttribute("tests", results.Count), new XAttribute("failures", failures),
                new XElement("testsuite",
                    new XAttribute("name", $"cmesh report {runId}"), new XAttribute("tests", results.Count),
                    new XAttribute("failures", failures), new XAttribute("errors", 0), new XAttribute("skipped", 0),
                    results.Select(r => new XElement("testcase",
                        new XAttribute("classname", r.Scenario.Length > 0 ? $"scenario.{r.Scenario}" : "scenario"),
                        new XAttribute("name", r.Name),
                        new XElement("system-out", $"measured: {r.Measured}"),
                        r.Passed ? null : new XElement("failure", new XAttribute("message", $"{r.Name}: measured {r.Measured}"), $"measured {r.Measured}"))))));
    }
}
