using System.Collections.Generic;

namespace AutoDiffGen.Generator.Helpers;

/// <summary>Compares by reference: the same IR loop may appear twice with equal contents, and each is its own.</summary>
internal sealed class ReferenceComparer<T> : IEqualityComparer<T>
    where T : class
{
    public static readonly ReferenceComparer<T> Instance = new();

    public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

    public int GetHashCode(T obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}
