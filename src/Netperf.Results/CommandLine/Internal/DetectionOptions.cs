using System.CommandLine;

namespace Netperf.Results.CommandLine.Internal;

/// <summary>The detection options of <c>check</c> and <c>dashboard</c>; unset ones keep <see cref="Detection.ChangePointOptions"/>' defaults.</summary>
internal sealed class DetectionOptions
{
    private readonly Option<double?> _significance = new("--significance") { Description = "The permutation test's significance level: the false-alarm rate per series (default 0.01)." };
    private readonly Option<int?> _confirmPoints = new("--confirm-points") { Description = "Points after a change needed to confirm it (default 3)." };
    private readonly Option<double?> _minEffect = new("--min-effect") { Description = "Smallest relative change reported, 0.02 = 2% (default 0.02)." };
    private readonly Option<int?> _permutations = new("--permutations") { Description = "Permutations per test (default 199)." };

    public void AddTo(Command command)
    {
        command.Add(_significance);
        command.Add(_confirmPoints);
        command.Add(_minEffect);
        command.Add(_permutations);
    }

    public Action<ResultsOptions> Apply(ParseResult parse) => options =>
    {
        var d = options.Detection;
        if (d is null)
        {
            return;
        }

        d.Significance = parse.GetValue(_significance) ?? d.Significance;
        d.ConfirmPoints = parse.GetValue(_confirmPoints) ?? d.ConfirmPoints;
        d.MinimumEffect = parse.GetValue(_minEffect) ?? d.MinimumEffect;
        d.Permutations = parse.GetValue(_permutations) ?? d.Permutations;
    };
}
