package io.cosell.shared.json;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.signature.SignatureVisitor;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.RecordComponentNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The types of the scanned packages that Jackson binds, found by walking from each bound type to what Jackson reads
 * and writes of it: record components, fields, bean getters, Jackson-annotated members ({@code @JsonCreator},
 * {@code @JsonValue}, ...), the superclass, class constants inside Jackson annotations, and every type argument.
 * Where the bound type cannot be seen (a plain {@code Object}, a type variable) the site is recorded as opaque.
 */
final class BoundTypes {

    private final ClassPool classes;
    private final Map<String, String> bound = new LinkedHashMap<>();
    private final List<String> opaqueSites = new ArrayList<>();

    BoundTypes(ClassPool classes) {
        this.classes = classes;
    }

    /** Internal name → the first reason it was found bound. */
    Map<String, String> byName() {
        return bound;
    }

    List<String> opaqueSites() {
        return List.copyOf(opaqueSites);
    }

    void opaque(String site) {
        opaqueSites.add(site);
    }

    /** Binds every class a type signature names (type arguments included); {@code site} names where it is bound. */
    void walk(String signature, String reason, String site) {
        new SignatureReader(signature).acceptType(new SignatureVisitor(Opcodes.ASM9) {
            @Override
            public void visitClassType(String name) {
                visitName(name);
            }

            @Override
            public void visitInnerClassType(String name) {
                // a nested generic type (Outer<T>.Inner) is not used by this code base
            }

            @Override
            public void visitTypeVariable(String name) {
                opaque(site + " (type variable " + name + ")");
            }

            @Override
            public SignatureVisitor visitTypeArgument(char wildcard) {
                return this;
            }

            private void visitName(String name) {
                if (name.equals("java/lang/Object")) {
                    opaque(site + " (Object)");
                } else {
                    bind(name, reason);
                }
            }
        });
    }

    /** Binds a type and, transitively, what Jackson reads and writes of it. */
    void bind(String name, String reason) {
        Deque<String[]> work = new ArrayDeque<>();
        work.push(new String[]{name, reason});
        while (!work.isEmpty()) {
            String[] next = work.pop();
            String current = next[0];
            if (!classes.inScope(current) || bound.containsKey(current)) {
                continue;
            }
            bound.put(current, next[1]);
            ClassNode node = classes.scannedClass(current);
            if (node == null) {
                continue;
            }
            String because = "reached from " + current.replace('/', '.');
            for (String signature : memberSignatures(node)) {
                new SignatureReader(signature).accept(new SignatureVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitClassType(String type) {
                        work.push(new String[]{type, because});
                    }

                    @Override
                    public void visitInnerClassType(String type) {
                        // see walkSignature
                    }
                });
            }
        }
    }

    /** Signatures Jackson looks at when it binds the type. */
    private static List<String> memberSignatures(ClassNode node) {
        List<String> signatures = new ArrayList<>();
        if (node.recordComponents != null) {
            for (RecordComponentNode component : node.recordComponents) {
                signatures.add(component.signature != null ? component.signature : component.descriptor);
            }
        }
        for (FieldNode field : node.fields) {
            if ((field.access & (Opcodes.ACC_STATIC | Opcodes.ACC_TRANSIENT)) == 0) {
                signatures.add(field.signature != null ? field.signature : field.desc);
            }
        }
        for (MethodNode method : node.methods) {
            boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
            boolean getter = !isStatic && (method.access & Opcodes.ACC_PUBLIC) != 0
                    && Type.getArgumentTypes(method.desc).length == 0
                    && Type.getReturnType(method.desc).getSort() != Type.VOID
                    && (method.name.startsWith("get") || method.name.startsWith("is"));
            if (getter || ClassPool.hasJackson(ClassPool.annotations(method.visibleAnnotations, method.invisibleAnnotations))) {
                signatures.add(method.signature != null ? method.signature : method.desc);
            }
        }
        if (node.superName != null) {
            signatures.add("L" + node.superName + ";");
        }
        for (AnnotationNode annotation : ClassPool.allAnnotations(node)) {
            if (ClassPool.isJackson(annotation)) {
                classConstants(annotation.values, signatures);
            }
        }
        return signatures;
    }

    private static void classConstants(List<Object> values, List<String> into) {
        if (values == null) {
            return;
        }
        for (Object value : values) {
            if (value instanceof Type type) {
                into.add(type.getDescriptor());
            } else if (value instanceof AnnotationNode nested) {
                classConstants(nested.values, into);
            } else if (value instanceof List<?> list) {
                classConstants(new ArrayList<>(list), into);
            }
        }
    }
}
