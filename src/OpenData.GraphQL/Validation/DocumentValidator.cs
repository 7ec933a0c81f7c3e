using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Validation;

/// <summary>Runs validation rules over a document (graphql-js validate()).</summary>
public static class DocumentValidator
{
    /// <summary>Default cap on reported errors; beyond it validation stops (protects against hostile documents).</summary>
    public const int DefaultMaxErrors = 100;

    private sealed class AbortValidation : Exception;

    /// <summary>
    /// Validates <paramref name="document"/> against <paramref name="schema"/> with <paramref name="rules"/>
    /// (default: <see cref="SpecifiedRules.All"/>). Returns the errors, empty when the document is valid.
    /// Errors have no extensions.code; the caller adds GRAPHQL_VALIDATION_FAILED when building a response.
    /// </summary>
    public static IReadOnlyList<GraphQLError> Validate(GraphQLSchema schema, DocumentNode document,
        IEnumerable<IValidationRule>? rules = null, int maxErrors = DefaultMaxErrors)
    {
        var typeInfo = new TypeInfo(schema);
        var errors = new List<GraphQLError>();
        var context = new ValidationContext(schema, document, typeInfo, error =>
        {
            if (errors.Count >= maxErrors)
            {
                errors.Add(new GraphQLError("Too many validation errors, error limit reached. Validation aborted."));
                throw new AbortValidation();
            }
            errors.Add(error);
        });
        var ruleList = rules is null ? SpecifiedRules.All : rules as IReadOnlyList<IValidationRule> ?? rules.ToList();
        var visitors = new NodeVisitor[ruleList.Count];
        for (int i = 0; i < visitors.Length; i++) visitors[i] = ruleList[i].CreateVisitor(context);
        try
        {
            AstWalker.Walk(document, new DescriptionSkippingVisitor(new TypeInfoVisitor(typeInfo, new ParallelVisitor(visitors))));
        }
        catch (AbortValidation)
        {
            // The error list already ends with the "too many errors" entry.
        }
        catch (ValidationAbortedException)
        {
            errors.Add(new GraphQLError(ValidationAbortedException.AbortMessage));
        }
        return errors;
    }

    /// <summary>
    /// Hides descriptions from the rules: the spec says descriptions do not affect validation, and without this a
    /// description on a variable definition would be checked as a value of the variable's type (graphql-js
    /// likewise validates with the description keys removed).
    /// </summary>
    private sealed class DescriptionSkippingVisitor(NodeVisitor inner) : NodeVisitor
    {
        // A description is always the first child visited of its owner, so the owner is the last node entered.
        private Node? _lastEntered;

        public override VisitAction Enter(Node node)
        {
            if (node is StringValueNode s && _lastEntered is not null && ReferenceEquals(DescriptionOf(_lastEntered), s))
            {
                _lastEntered = node;
                return VisitAction.SkipChildren;
            }
            _lastEntered = node;
            return inner.Enter(node);
        }

        public override void Leave(Node node) => inner.Leave(node);

        private static StringValueNode? DescriptionOf(Node node) => node switch
        {
            ExecutableDefinitionNode d => d.Description,
            VariableDefinitionNode v => v.Description,
            TypeSystemDefinitionNode t => t.Description,
            FieldDefinitionNode f => f.Description,
            InputValueDefinitionNode i => i.Description,
            EnumValueDefinitionNode e => e.Description,
            _ => null,
        };
    }
}
