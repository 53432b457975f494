/**
 * Handlers LocalLambdaServiceIT deploys: it packs the classes of this package, and nothing else,
 * into the function packages, so they may use only the JDK and aws-lambda-java-core (which the
 * Lambda runtime provides).
 */
package io.stablepay.devstack.lambda.handlers;
