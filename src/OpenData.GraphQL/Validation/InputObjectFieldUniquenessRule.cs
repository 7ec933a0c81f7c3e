using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.6.3 Input Object Field Uniqueness: an input object literal may give each field only once
/// (graphql-js UniqueInputFieldNamesRule).
/// </summary>
public sealed class InputObjectFieldUniquenessRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        // One set of names per object literal being visited (they nest).
        private readonly Stack<Dictionary<string, NameNode>> _known = new();

        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case ObjectValueNode:
                    _known.Push(new Dictionary<string, NameNode>(StringComparer.Ordinal));
                    break;
                case ObjectFieldNode field when _known.Count > 0:
                    var known = _known.Peek();
                    var name = field.Name;
                    if (known.TryGetValue(name.Value, out var first))
                    {
                        context.ReportError($"There can be only one input field named \"{name.Value}\".", first, name);
                    }
                    else
                    {
                        known[name.Value] = name;
                    }
                    break;
            }
            return VisitAction.Continue;
        }

        public override void Leave(Node node)
        {
            if (node is ObjectValueNode) _known.Pop();
        }
    }
}
