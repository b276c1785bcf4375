using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace AutoDiffGen.IntegrationTests.Checking;

/// <summary>A table of named cases of any kind, built once on first use, with the names [MemberData] needs.</summary>
public class CaseTable<T>(Func<IEnumerable<T>> build, Func<T, string> name)
{
    private readonly Lazy<IReadOnlyDictionary<string, T>> all = new(() => build().ToDictionary(name));

    public IReadOnlyDictionary<string, T> All => all.Value;

    public T Get(string key) => All[key];

    /// <summary>Case names (names serialize, so each case is its own test in the runner).</summary>
    public TheoryData<string> Names => new(All.Keys.OrderBy(k => k, StringComparer.Ordinal));
}

/// <summary>A table of <see cref="ScalarCase"/>s, with the cases that have second-order members.</summary>
public sealed class CaseTable(Func<IEnumerable<ScalarCase>> build) : CaseTable<ScalarCase>(build, c => c.Name)
{
    /// <summary>Cases that have a Hessian and a Hessian-vector product.</summary>
    public TheoryData<string> SecondOrderNames =>
        new(All.Values.Where(c => c.Hessian is not null).Select(c => c.Name).OrderBy(k => k, StringComparer.Ordinal));
}
