using System.Linq.Expressions;
using System.Reflection;
using OpenData.Store;

namespace OpenData.Query;

/// <summary>A police or Local Area Agreement target, its published outcome and verdict, and the verdict computed
/// by the stated rule next to it.</summary>
public sealed class TargetDto
{
    /// <summary>Stable id: source id, `-t`, three-digit sequence.</summary>
    /// <example>mpa-lps-kc-2010-t008</example>
    public required string Id { get; init; }

    /// <summary>Area the target applies to.</summary>
    /// <example>E23000001</example>
    public required string AreaCode { get; init; }

    /// <summary>What is targeted, as published (e.g. `Residential burglary`).</summary>
    /// <example>serious acquisitive crime (residential burglary, robbery and motor vehicle crime)</example>
    public required string Subject { get; init; }

    /// <summary>Offence category, where the target is about one.</summary>
    /// <example>doc-serious-acquisitive-crime</example>
    public string? CategoryId { get; init; }

    /// <summary>Indicator, where the target is set against one.</summary>
    /// <example>npi-15</example>
    public string? IndicatorId { get; init; }

    /// <summary>First day of the target period.</summary>
    /// <example>2009-04-01</example>
    public DateOnly PeriodStart { get; init; }

    /// <summary>Last day of the target period.</summary>
    /// <example>2010-03-31</example>
    public DateOnly PeriodEnd { get; init; }

    /// <summary>Baseline figure, where published.</summary>
    /// <example>1130</example>
    public double? BaselineValue { get; init; }

    /// <summary>Baseline as published (e.g. `2007/08 performance`).</summary>
    /// <example>2007/08 performance</example>
    public string? BaselineText { get; init; }

    /// <summary>Whether success means the measure goes `down` or `up`, or reaches a `value`.</summary>
    /// <example>down</example>
    public required string TargetDirection { get; init; }

    /// <summary>Target change in percent, signed (a 2.5% reduction is -2.5).</summary>
    /// <example>-2.5</example>
    public double? TargetChangePercent { get; init; }

    /// <summary>Target as a value (count, rate or percentage).</summary>
    /// <example>51.4</example>
    public double? TargetValue { get; init; }

    /// <summary>Target exactly as published.</summary>
    /// <example>2.5% reduction target</example>
    public required string TargetText { get; init; }

    /// <summary>Published outcome: change in count, signed.</summary>
    /// <example>-6919</example>
    public long? OutcomeChangeCount { get; init; }

    /// <summary>Published outcome: change in percent, signed.</summary>
    /// <example>-3.5</example>
    public double? OutcomeChangePercent { get; init; }

    /// <summary>Published outcome as a value.</summary>
    /// <example>53.1</example>
    public double? OutcomeValue { get; init; }

    /// <summary>Outcome exactly as published.</summary>
    /// <example>a reduction in serious acquisitive crime (residential burglary, robbery and motor vehicle crime) of 3.5% or 6919 fewer crimes</example>
    public string? OutcomeText { get; init; }

    /// <summary>Published verdict, exactly as printed (e.g. `Target achieved`, `Target missed`).</summary>
    /// <example>exceeding the 2.5% reduction target</example>
    public string? Verdict { get; init; }

    /// <summary>Id of the document or dataset in `sources` this row comes from.</summary>
    /// <example>mpa-lps-kc-2010</example>
    public required string SourceId { get; init; }

    /// <summary>Where in the source: section, table, appendix and page as printed, so a reader can find it.</summary>
    /// <example>Looking back on 2009/10: Summary performance achievements</example>
    public required string Locator { get; init; }

    /// <summary>Data-quality note: contradictions, extraction defects, assumptions. Empty when none.</summary>
    /// <example>Force-wide (MPS) result, April 2009 to March 2010.</example>
    public string? Notes { get; init; }

    /// <summary>Computed by the stated rule (down: outcome_change_percent &lt;= target_change_percent; up: &gt;=; value: outcome_value &gt;= target_value; gap: outcome_value &lt;= target_value); null when not computable.</summary>
    /// <example>true</example>
    public bool? MeetsTarget { get; init; }

    /// <summary>The published verdict read as met (true) or missed (false); null when there is no verdict or it says neither.</summary>
    /// <example>true</example>
    public bool? VerdictMet { get; init; }

    /// <summary>Whether meets_target agrees with the published verdict; null unless both exist.</summary>
    /// <example>true</example>
    public bool? VerdictAgrees { get; init; }

    /// <summary>
    /// The stated rule. <c>down</c>: outcome_change_percent &lt;= target_change_percent; <c>up</c>: &gt;=. When either
    /// percentage is missing but both values are published, the values are compared the same way (outcome_value
    /// against target_value). <c>value</c>: outcome_value &gt;= target_value (the value was reached). <c>gap</c>:
    /// outcome_value &lt;= target_value (the gap was narrowed to the target). Null when not computable.
    /// </summary>
    public static readonly Expression<Func<Target, bool?>> MeetsTargetRule = t =>
        t.TargetDirection == "down"
            ? (t.OutcomeChangePercent != null && t.TargetChangePercent != null
                ? (bool?)(t.OutcomeChangePercent <= t.TargetChangePercent)
                : t.OutcomeValue != null && t.TargetValue != null ? (bool?)(t.OutcomeValue <= t.TargetValue) : null)
        : t.TargetDirection == "up"
            ? (t.OutcomeChangePercent != null && t.TargetChangePercent != null
                ? (bool?)(t.OutcomeChangePercent >= t.TargetChangePercent)
                : t.OutcomeValue != null && t.TargetValue != null ? (bool?)(t.OutcomeValue >= t.TargetValue) : null)
        : t.TargetDirection == "value"
            ? (t.OutcomeValue != null && t.TargetValue != null ? (bool?)(t.OutcomeValue >= t.TargetValue) : null)
        : t.TargetDirection == "gap"
            ? (t.OutcomeValue != null && t.TargetValue != null ? (bool?)(t.OutcomeValue <= t.TargetValue) : null)
        : null;

    /// <summary>The published verdict read as met (true) or missed (false): words of failure ("not", "miss",
    /// "fail") win over words of success ("achiev", "exceed", "met"); null when there is no verdict or it says
    /// neither.</summary>
    public static readonly Expression<Func<Target, bool?>> VerdictMetRule = t =>
        t.Verdict == null || t.Verdict == ""
            ? null
            : t.Verdict.ToLower().Contains("not") || t.Verdict.ToLower().Contains("miss") || t.Verdict.ToLower().Contains("fail")
                ? false
                : t.Verdict.ToLower().Contains("achiev") || t.Verdict.ToLower().Contains("exceed") || t.Verdict.ToLower().Contains("met")
                    ? true
                    : null;

    public static readonly Dataset<Target, TargetDto> Dataset = new(
        "targets", "targets", db => db.Targets, BuildProjection(), key: "id",
        computedFields: new Dictionary<string, ComputedField>
        {
            ["meets_target"] = new("Computed, not published: down: outcome_change_percent <= target_change_percent; up: >=; when a percentage is missing but both values are published, outcome_value is compared with target_value the same way; value: outcome_value >= target_value; gap: outcome_value <= target_value. Empty when not computable.", "true"),
            ["verdict_met"] = new("The published verdict read as met (true) or missed (false); empty when there is no verdict or it says neither.", "true"),
            ["verdict_agrees"] = new("Whether meets_target agrees with the published verdict (verdict_met); empty unless both exist.", "true"),
        });

    private static Expression<Func<Target, TargetDto>> BuildProjection()
    {
        Expression<Func<Target, TargetDto>> published = t => new TargetDto
        {
            Id = t.Id,
            AreaCode = t.AreaCode,
            Subject = t.Subject,
            CategoryId = t.CategoryId,
            IndicatorId = t.IndicatorId,
            PeriodStart = t.PeriodStart,
            PeriodEnd = t.PeriodEnd,
            BaselineValue = t.BaselineValue,
            BaselineText = t.BaselineText,
            TargetDirection = t.TargetDirection,
            TargetChangePercent = t.TargetChangePercent,
            TargetValue = t.TargetValue,
            TargetText = t.TargetText,
            OutcomeChangeCount = t.OutcomeChangeCount,
            OutcomeChangePercent = t.OutcomeChangePercent,
            OutcomeValue = t.OutcomeValue,
            OutcomeText = t.OutcomeText,
            Verdict = t.Verdict,
            SourceId = t.SourceId,
            Locator = t.Locator,
            Notes = t.Notes,
        };
        // The computed fields are spliced in as expressions (not method calls) so EF turns them into CASE WHEN.
        var row = published.Parameters[0];
        var init = (MemberInitExpression)published.Body;
        var meets = Inline(MeetsTargetRule, row);
        var verdictMet = Inline(VerdictMetRule, row);
        var nullBool = Expression.Constant(null, typeof(bool?));
        var agrees = Expression.Condition(
            Expression.AndAlso(Expression.NotEqual(meets, nullBool), Expression.NotEqual(verdictMet, nullBool)),
            Expression.Convert(Expression.Equal(meets, verdictMet), typeof(bool?)),
            nullBool);
        MemberBinding Bind(string property, Expression value) => Expression.Bind(typeof(TargetDto).GetProperty(property, BindingFlags.Public | BindingFlags.Instance)!, value);
        var body = Expression.MemberInit(init.NewExpression, init.Bindings.Concat(
        [
            Bind(nameof(MeetsTarget), meets),
            Bind(nameof(VerdictMet), verdictMet),
            Bind(nameof(VerdictAgrees), agrees),
        ]));
        return Expression.Lambda<Func<Target, TargetDto>>(body, row);
    }

    private static Expression Inline(LambdaExpression lambda, ParameterExpression row) =>
        new Rebind(lambda.Parameters[0], row).Visit(lambda.Body);

    private sealed class Rebind(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
