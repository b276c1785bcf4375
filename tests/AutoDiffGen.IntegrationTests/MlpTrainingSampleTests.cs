using System.Linq;
using AutoDiffGen.Samples.MlpTraining;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>The training sample's perceptron learns the spirals with the generated gradient.</summary>
public class MlpTrainingSampleTests
{
    [Fact]
    public void The_loss_falls_and_the_spirals_are_learned()
    {
        var result = Training.Run(steps: 600);
        Assert.InRange(result.Losses[0], 1.0, 1.3); // about ln 3 for three classes at the start
        Assert.True(result.Losses[^1] < 0.1, $"final loss {result.Losses[^1]}");
        Assert.True(result.Losses.Take(100).Average() > 2 * result.Losses.Skip(500).Average());
        Assert.True(result.AccuracyBefore < 0.6, $"accuracy before {result.AccuracyBefore}");
        Assert.True(result.AccuracyAfter > 0.95, $"accuracy after {result.AccuracyAfter}");
    }
}
