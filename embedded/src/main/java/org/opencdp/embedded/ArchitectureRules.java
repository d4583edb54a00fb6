package org.opencdp.embedded;

import java.util.Arrays;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layout every service keeps (docs: "the target shape"), checked on its main classes: the domain
 * packages (every package of the module except its adapter packages, which each service's
 * {@code ArchitectureTest} names) import no Kafka, no HTTP (JAX-RS, RESTEasy, Vert.x) and no CDI or Quarkus;
 * the module's packages ({@code org.opencdp.<module>.(*)}) depend on each other without cycles; and no class
 * of the module builds a Kafka client itself (every producer, consumer and admin comes from the platform's
 * {@code KafkaClients}, Kafka Streams from Quarkus, both from the same {@code kafka.*} settings).
 */
public final class ArchitectureRules {

    private final String base;
    private final String[] adapters;
    private final String[] allowed;
    private JavaClasses classes;

    /**
     * @param base     the module's root package, e.g. {@code org.opencdp.projector}
     * @param adapters the module's adapter packages below {@code base}, e.g. {@code "http", "topology"}
     */
    public ArchitectureRules(final String base, final String... adapters) {
        this(base, Arrays.stream(adapters).map(a -> base + "." + a + "..").toArray(String[]::new), new String[0]);
    }

    private ArchitectureRules(final String base, final String[] adapters, final String[] allowed) {
        this.base = base;
        this.adapters = adapters;
        this.allowed = allowed;
    }

    /**
     * The same rules, except that domain packages may use {@code packages}: plain libraries that happen to live
     * under a forbidden name, e.g. {@code "io.quarkus.qute.."} (the template engine, no CDI).
     */
    public ArchitectureRules allowing(final String... packages) {
        return new ArchitectureRules(base, adapters, packages);
    }

    private JavaClasses classes() {
        if (classes == null) {
            classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages(base);
        }
        return classes;
    }

    private void domainImportsNone(final String what, final String... packages) {
        noClasses().that().resideInAPackage(base + "..").and().resideOutsideOfPackages(adapters)
                .should().dependOnClassesThat(resideInAnyPackage(packages).and(not(resideInAnyPackage(allowed))))
                .because("domain packages have no " + what + " (only " + String.join(", ", adapters) + " do)")
                .check(classes());
    }

    /** Fails listing each domain class that uses Kafka. */
    public void domainHasNoKafka() {
        domainImportsNone("Kafka", "org.apache.kafka..");
    }

    /** Fails listing each domain class that uses JAX-RS, RESTEasy or Vert.x. */
    public void domainHasNoHttp() {
        domainImportsNone("HTTP", "jakarta.ws.rs..", "org.jboss.resteasy..", "io.vertx..");
    }

    /** Fails listing each domain class that uses CDI or Quarkus. */
    public void domainHasNoCdi() {
        domainImportsNone("CDI", "jakarta.enterprise..", "jakarta.inject..", "io.quarkus..");
    }

    /**
     * Fails listing each class of the module that constructs a Kafka producer, consumer or Kafka Streams instance
     * or creates an admin client, instead of asking the platform's {@code KafkaClients} (or Quarkus, for Streams):
     * such a client would miss the deployment's {@code kafka.*} security settings (TLS, SASL) and metrics.
     */
    public void kafkaClientsComeFromTheFactory() {
        noClasses().that().resideInAPackage(base + "..")
                .should().callConstructorWhere(target(owner(assignableTo("org.apache.kafka.clients.producer.KafkaProducer")
                        .or(assignableTo("org.apache.kafka.clients.consumer.KafkaConsumer"))
                        .or(assignableTo("org.apache.kafka.streams.KafkaStreams")))))
                .orShould().callMethodWhere(target(owner(assignableTo("org.apache.kafka.clients.admin.Admin")))
                        .and(target(name("create"))))
                .because("every Kafka client is built by org.opencdp.platform.kafka.KafkaClients from the kafka.* settings")
                .check(classes());
    }

    /** Fails listing each cycle between the module's packages. */
    public void packagesAreFreeOfCycles() {
        slices().matching(base + ".(*)..").should().beFreeOfCycles().check(classes());
    }
}
