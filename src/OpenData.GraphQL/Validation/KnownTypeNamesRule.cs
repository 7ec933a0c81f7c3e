using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Every type named in a variable definition (spec 5.8.2 needs the type to exist) and in any type system
/// definition the document carries must exist in the schema or be defined in the document (graphql-js
/// KnownTypeNamesRule; type conditions of fragments are checked by <see cref="FragmentSpreadTypeExistenceRule"/>).
/// </summary>
public sealed class KnownTypeNamesRule : IValidationRule
{
    // graphql-js specifiedScalarTypes + introspectionTypes: always known inside type system definitions.
    private static readonly string[] StandardTypeNames =
    [
        "String", "Int", "Float", "Boolean", "ID",
        "__Schema", "__Directive", "__DirectiveLocation", "__Type", "__Field", "__InputValue", "__EnumValue", "__TypeKind",
    ];

    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    /// <summary>Reports <c>Unknown type "X".</c> with suggestions when <paramref name="node"/> names no known type.</summary>
    internal static void Check(ValidationContext context, NamedTypeNode node, bool inTypeSystemDefinition, HashSet<string> definedTypes)
    {
        string typeName = node.Name.Value;
        if (context.Schema.GetType(typeName) is not null || definedTypes.Contains(typeName)) return;
        if (inTypeSystemDefinition && Array.IndexOf(StandardTypeNames, typeName) >= 0) return;

        IEnumerable<string> candidates = context.Schema.Types.Keys.Concat(definedTypes);
        if (inTypeSystemDefinition) candidates = StandardTypeNames.Concat(candidates);
        var suggestions = Suggestions.SuggestionList(typeName, candidates);
        context.ReportError($"Unknown type \"{typeName}\"." + Suggestions.DidYouMean(suggestions), node);
    }

    /// <summary>Names of the types the document itself defines (type definitions, not extensions).</summary>
    internal static HashSet<string> DefinedTypes(DocumentNode document)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in document.Definitions)
        {
            if (definition is TypeDefinitionNode { IsExtension: false } type) names.Add(type.Name.Value);
        }
        return names;
    }

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        private readonly HashSet<string> _definedTypes = DefinedTypes(context.Document);
        private bool _inTypeSystemDefinition;
        private NamedTypeNode? _typeCondition;

        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case DefinitionNode definition:
                    _inTypeSystemDefinition = definition is not ExecutableDefinitionNode;
                    if (definition is FragmentDefinitionNode fragment) _typeCondition = fragment.TypeCondition;
                    break;
                case SelectionSetNode:
                    // Selection sets name types only in type conditions, which are not this rule's business.
                    return VisitAction.SkipChildren;
                case NamedTypeNode named:
                    // Type conditions belong to FragmentSpreadTypeExistenceRule.
                    if (!ReferenceEquals(named, _typeCondition)) Check(context, named, _inTypeSystemDefinition, _definedTypes);
                    break;
            }
            return VisitAction.Continue;
        }
    }
}
