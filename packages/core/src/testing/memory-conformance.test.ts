// The conformance suite run against the in-memory driver: proves the suite itself, and that
// the runner and migrator behave as every real driver is expected to.
import { runDriverConformance } from './conformance.js';
import { createMemoryDatabase, createMemoryDriver, type MemoryDatabase } from './memory-driver.js';

for (const kind of ['sql', 'json'] as const) {
  runDriverConformance({
    name: `memory-${kind}`,
    kind,
    async setup() {
      const database: MemoryDatabase = createMemoryDatabase();
      return {
        createDriver: () => {
          const driver = createMemoryDriver({ database });
          // JSON commands are never transactional; make the memory driver say so for json parts,
          // like the MongoDB driver, so the suite's non-transactional branch is exercised.
          return kind === 'json' ? { ...driver, capabilities: { ...driver.capabilities, transactionalDdl: false } } : driver;
        },
        objectExists: async (name) => database.objects.has(name),
        cleanup: async () => {},
      };
    },
  });
}
