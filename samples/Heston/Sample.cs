namespace AutoDiffGen.Samples.Heston;

/// <summary>
/// The sample's case: the parameters Albrecher et al. and Fang and Oosterlee (the COS method, 2008) test with, fitted by
/// Bakshi, Cao and Chen, an at-the-money call for one year.
/// </summary>
public static class Sample
{
    public static HestonParams Model { get; } = new(V0: 0.0175, Kappa: 1.5768, Theta: 0.0398, Sigma: 0.5751, Rho: -0.5711);

    public static CallOption Option { get; } = new(Spot: 100, Strike: 100, Maturity: 1, Rate: 0);

    /// <summary>The price Fang and Oosterlee give for this case, to nine decimals.</summary>
    public const double ReferencePrice = 5.785155450;

    /// <summary>Where the integral is cut: the integrand has decayed like e^(−0.11u)/u² there, below 1e-14.</summary>
    public const double Upper = 200;

    public static Quadrature Rule { get; } = Quadrature.GaussLegendre(256, Upper);
}
