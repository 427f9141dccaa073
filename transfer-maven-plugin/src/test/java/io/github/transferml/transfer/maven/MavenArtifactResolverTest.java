package io.github.transferml.transfer.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.transferml.transfer.source.BaseModelException;
import java.lang.reflect.Proxy;
import java.util.List;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.junit.jupiter.api.Test;

class MavenArtifactResolverTest {

    /** A repository system that holds nothing: it fails as Maven's does, naming g:a:type:classifier:v. */
    private static RepositorySystem empty() {
        return (RepositorySystem) Proxy.newProxyInstance(RepositorySystem.class.getClassLoader(),
                new Class<?>[] {RepositorySystem.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("resolveArtifact")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    ArtifactRequest request = (ArtifactRequest) args[1];
                    ArtifactResult result = new ArtifactResult(request);
                    result.addException(new ArtifactNotFoundException(request.getArtifact(), null));
                    throw new ArtifactResolutionException(List.of(result));
                });
    }

    @Test
    void resolve_should_show_the_coordinates_in_pom_order_in_every_message_maven_prints() {
        MavenArtifactResolver resolver = new MavenArtifactResolver(empty(), null, List.of());
        String mavenOrder = new DefaultArtifact("it.transfer", "no-such-base", "model", "zip", "1.0").toString();
        assertEquals("it.transfer:no-such-base:zip:model:1.0", mavenOrder);

        BaseModelException e = assertThrows(BaseModelException.class,
                () -> resolver.resolve("it.transfer", "no-such-base", "1.0", "zip", "model"));

        assertTrue(e.getMessage().startsWith("Cannot resolve <baseModel><artifact> it.transfer:no-such-base:1.0:zip:model:"
                + " The following artifacts could not be resolved: it.transfer:no-such-base:1.0:zip:model"), e.getMessage());
        // A failed build shows the message of each cause that the failure's message does not contain.
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(mavenOrder), t.toString());
        }
    }
}
