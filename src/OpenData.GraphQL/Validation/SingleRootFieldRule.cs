using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.2.3.1 Single Root Field: a subscription selects exactly one root field, and not an introspection
/// field (graphql-js SingleFieldSubscriptionsRule). The engine does not execute subscriptions; the rule exists
/// so that such documents get the same validation errors as elsewhere.
/// </summary>
/// <remarks>
/// Root fields are collected as at execution time with no variable values: a literal <c>@skip(if: true)</c> or
/// <c>@include(if: false)</c> removes a field. A skip/include whose argument is a variable keeps the field
/// (graphql-js throws an exception from validate() in that case; reporting the fields is the useful answer).
/// </remarks>
public sealed class SingleRootFieldRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        private Dictionary<string, FragmentDefinitionNode>? _fragments;

        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case OperationDefinitionNode operation:
                    if (operation.Operation == OperationType.Subscription && context.Schema.SubscriptionType is { } subscriptionType)
                    {
                        Check(operation, subscriptionType);
                    }
                    return VisitAction.SkipChildren;
                case DefinitionNode:
                    return VisitAction.SkipChildren;
                default:
                    return VisitAction.Continue;
            }
        }

        private void Check(OperationDefinitionNode operation, ObjectType subscriptionType)
        {
            if (_fragments is null)
            {
                _fragments = new Dictionary<string, FragmentDefinitionNode>(StringComparer.Ordinal);
                var definitions = context.Document.Definitions;
                context.SpendFragmentWork(definitions.Count);
                foreach (var definition in definitions)
                {
                    if (definition is FragmentDefinitionNode fragment) _fragments[fragment.Name.Value] = fragment;
                }
            }

            var fields = new OrderedDictionary<string, List<FieldNode>>(StringComparer.Ordinal);
            CollectFields(subscriptionType, operation.SelectionSet, fields, new HashSet<string>(StringComparer.Ordinal));

            string? operationName = operation.Name?.Value;
            if (fields.Count > 1)
            {
                var extra = new List<Node>();
                for (int i = 1; i < fields.Count; i++) extra.AddRange(fields.GetAt(i).Value);
                context.ReportError(
                    operationName is not null
                        ? $"Subscription \"{operationName}\" must select only one top level field."
                        : "Anonymous Subscription must select only one top level field.",
                    [.. extra]);
            }
            foreach (var (_, fieldNodes) in fields)
            {
                if (fieldNodes[0].Name.Value.StartsWith("__", StringComparison.Ordinal))
                {
                    context.ReportError(
                        operationName is not null
                            ? $"Subscription \"{operationName}\" must not select an introspection top level field."
                            : "Anonymous Subscription must not select an introspection top level field.",
                        [.. fieldNodes]);
                }
            }
        }

        // CollectFields of the execution section, with an empty set of variable values.
        private void CollectFields(ObjectType runtimeType, SelectionSetNode selectionSet,
            OrderedDictionary<string, List<FieldNode>> fields, HashSet<string> visitedFragments)
        {
            ChargeWork(selectionSet);
            foreach (var selection in selectionSet.Selections)
            {
                switch (selection)
                {
                    case FieldNode field:
                        if (!ShouldInclude(field)) continue;
                        if (!fields.TryGetValue(field.ResponseName, out var list))
                        {
                            list = [];
                            fields.Add(field.ResponseName, list);
                        }
                        list.Add(field);
                        break;
                    case InlineFragmentNode inline:
                        if (!ShouldInclude(inline) || !ConditionMatches(inline.TypeCondition, runtimeType)) continue;
                        CollectFields(runtimeType, inline.SelectionSet, fields, visitedFragments);
                        break;
                    case FragmentSpreadNode spread:
                        string name = spread.Name.Value;
                        if (visitedFragments.Contains(name) || !ShouldInclude(spread)) continue;
                        visitedFragments.Add(name);
                        if (!_fragments!.TryGetValue(name, out var fragment) || !ConditionMatches(fragment.TypeCondition, runtimeType)) continue;
                        CollectFields(runtimeType, fragment.SelectionSet, fields, visitedFragments);
                        break;
                }
            }
        }

        // The same work accounting as graphql-js, so that a document aborts at the same size.
        private void ChargeWork(SelectionSetNode selectionSet)
        {
            context.SpendFragmentWork(selectionSet.Selections.Count);
            foreach (var selection in selectionSet.Selections)
            {
                if (selection.Directives.Count == 0) continue;
                context.SpendFragmentWork(selection.Directives.Count);
                foreach (var directive in selection.Directives)
                {
                    if (directive.Name.Value is "skip" or "include") context.SpendFragmentWork(directive.Arguments.Count);
                }
            }
        }

        private bool ConditionMatches(NamedTypeNode? typeCondition, ObjectType runtimeType)
        {
            if (typeCondition is null) return true;
            var conditionType = context.Schema.GetType(typeCondition.Name.Value);
            if (conditionType is null) return false;
            if (ReferenceEquals(conditionType, runtimeType)) return true;
            return conditionType is IAbstractType abstractType && context.Schema.IsSubType(abstractType, runtimeType);
        }

        private static bool ShouldInclude(SelectionNode selection)
        {
            // As in execution, the first @skip and the first @include decide.
            return LiteralIf(selection, "skip") != true && LiteralIf(selection, "include") != false;
        }

        private static bool? LiteralIf(SelectionNode selection, string directiveName)
        {
            foreach (var directive in selection.Directives)
            {
                if (directive.Name.Value != directiveName) continue;
                bool? value = null;
                foreach (var argument in directive.Arguments)
                {
                    if (argument.Name.Value == "if") value = argument.Value is BooleanValueNode b ? b.Value : null;
                }
                return value;
            }
            return null;
        }
    }
}
