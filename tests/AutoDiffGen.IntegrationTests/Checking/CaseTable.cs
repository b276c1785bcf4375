using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace AutoDiffGen.IntegrationTests.Checking;

/// <summary>A table of named cases, built once on first use, with the name lists [MemberData] needs.</summary>
public sealed class CaseTable(Func<IEnumerable<ScalarCase>> build)
{
    private readonly Lazy<IReadOnlyDictionary<string, ScalarCase>> all = new(() => build().ToDictionary(c => c.Name));

    public IReadOnlyDictionary<string, ScalarCase> All => all.Value;

    public ScalarCase Get(string name) => All[name];

    /// <summary>Case names (names serialize, so each case is its own test in the runner).</summary>
    public TheoryData<string> Names => new(All.Keys.OrderBy(k => k, StringComparer.Ordinal));

    /// <summary>Cases that have a Hessian and a Hessian-vector product.</summary>
    public TheoryData<string> SecondOrderNames =>
        new(All.Values.Where(c => c.Hessian is not null).Select(c => c.Name).OrderBy(k => k, StringComparer.Ordinal));
}
