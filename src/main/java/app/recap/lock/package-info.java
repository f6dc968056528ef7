/**
 * Named locks shared by every node on the database: work that must not run twice at once across a cluster
 * (ingest, sending a list's edition) takes one first. Built on ShedLock's JDBC provider; depends on no other
 * module.
 */
@ApplicationModule(allowedDependencies = {})
package app.recap.lock;

import org.springframework.modulith.ApplicationModule;
