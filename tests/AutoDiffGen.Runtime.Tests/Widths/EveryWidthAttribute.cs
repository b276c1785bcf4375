using System;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// Marks a test class whose results depend on the vector width the runtime computes at: <see cref="EveryWidthTests"/>
/// runs its tests again in child processes, one for each other width the machine has.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class EveryWidthAttribute : Attribute;
