using System.Linq.Expressions;
using System.Reflection;
using OpenData.Store;

namespace OpenData.Query;

/// <summary>A police or Local Area Agreement target, its published outcome and verdict, and the verdict computed
/// by the stated rule next to it.</summary>
public sealed class TargetDto
{
    // The fields: names, descriptions and examples are in seed-data/datapackage.json (computed ones in the
    // descriptor below), which the documentation of both front doors reads.
    public required string Id { get; init; }
    public required string AreaCode { get; init; }
    public required string Subject { get; init; }
    public string? CategoryId { get; init; }
    public string? MeasureTypeId { get; init; }
    public string? IndicatorId { get; init; }
    public DateOnly PeriodStart { get; init; }
    public DateOnly PeriodEnd { get; init; }
    public required string PeriodBasis { get; init; }
    public string? PeriodBasisReason { get; init; }
    public double? BaselineValue { get; init; }
    public string? BaselineText { get; init; }
    public DateOnly? BaselinePeriodStart { get; init; }
    public DateOnly? BaselinePeriodEnd { get; init; }
    public required string TargetDirection { get; init; }
    public double? TargetChangePercent { get; init; }
    public string? TargetChangeBasis { get; init; }
    public double? TargetValue { get; init; }
    public string? TargetText { get; init; }
    public string? TargetQualifier { get; init; }
    public long? OutcomeChangeCount { get; init; }
    public double? OutcomeChangePercent { get; init; }
    public double? OutcomeValue { get; init; }
    public string? ValueUnit { get; init; }
    public string? OutcomeText { get; init; }
    public string? OutcomeQualifier { get; init; }
    public string? Derivation { get; init; }
    public string? Verdict { get; init; }
    public required string SourceId { get; init; }
    public required string Locator { get; init; }
    public string? Notes { get; init; }
    public bool? MeetsTarget { get; init; }
    public bool? VerdictMet { get; init; }
    public bool? VerdictAgrees { get; init; }
    public string? LocatorUrl { get; init; }

    /// <summary>
    /// The stated rule. <c>down</c>: outcome_change_percent &lt;= target_change_percent; <c>up</c>: &gt;=; only when the
    /// target's change is <c>relative</c> (target_change_basis), the kind of change outcome_change_percent is: a target
    /// in percentage points, or one that does not say, is not compared with it. When either
    /// percentage is missing (or not comparable) but both values are published, the values are compared the same way (outcome_value
    /// against target_value). <c>value</c>: outcome_value &gt;= target_value (the value was reached). <c>gap</c>:
    /// outcome_value &lt;= target_value (the gap was narrowed to the target). Null when not computable.
    /// </summary>
    public static readonly Expression<Func<Target, bool?>> MeetsTargetRule = t =>
        t.TargetDirection == "down"
            ? (t.OutcomeChangePercent != null && t.TargetChangePercent != null && t.TargetChangeBasis == "relative"
                ? (bool?)(t.OutcomeChangePercent <= t.TargetChangePercent)
                : t.OutcomeValue != null && t.TargetValue != null ? (bool?)(t.OutcomeValue <= t.TargetValue) : null)
        : t.TargetDirection == "up"
            ? (t.OutcomeChangePercent != null && t.TargetChangePercent != null && t.TargetChangeBasis == "relative"
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
            ["locator_url"] = SourceDocuments.LocatorUrlField,
            ["meets_target"] = new("Computed, not published: down: outcome_change_percent <= target_change_percent; up: >=; percentages are compared only when target_change_basis is relative (a target in percentage points, or one that does not say, is not compared with a relative change); when a percentage is missing or not comparable but both values are published, outcome_value is compared with target_value the same way; value: outcome_value >= target_value; gap: outcome_value <= target_value. Empty when not computable.", "true"),
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
            MeasureTypeId = t.MeasureTypeId,
            IndicatorId = t.IndicatorId,
            PeriodStart = t.PeriodStart,
            PeriodEnd = t.PeriodEnd,
            PeriodBasis = t.PeriodBasis,
            PeriodBasisReason = t.PeriodBasisReason,
            BaselineValue = t.BaselineValue,
            BaselineText = t.BaselineText,
            BaselinePeriodStart = t.BaselinePeriodStart,
            BaselinePeriodEnd = t.BaselinePeriodEnd,
            TargetDirection = t.TargetDirection,
            TargetChangePercent = t.TargetChangePercent,
            TargetChangeBasis = t.TargetChangeBasis,
            TargetValue = t.TargetValue,
            TargetText = t.TargetText,
            TargetQualifier = t.TargetQualifier,
            OutcomeChangeCount = t.OutcomeChangeCount,
            OutcomeChangePercent = t.OutcomeChangePercent,
            OutcomeValue = t.OutcomeValue,
            ValueUnit = t.ValueUnit,
            OutcomeText = t.OutcomeText,
            OutcomeQualifier = t.OutcomeQualifier,
            Derivation = t.Derivation,
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
        // A call, not SQL: evaluated as each row is read (see SourceDocuments.LocatorUrl).
        Expression<Func<Target, string?>> locatorUrl = t => SourceDocuments.LocatorUrl(t.SourceId, t.Locator);
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
            Bind(nameof(LocatorUrl), Inline(locatorUrl, row)),
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
