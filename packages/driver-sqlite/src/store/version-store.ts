/** The VersionStore of the contract over `Store`: reads never lock and never create anything. */
import type { VersionStore } from '@godwit/core';
import type { Store } from './store.js';
import { storeError } from './store-error.js';

export function createVersionStore(store: Store): VersionStore {
  return {
    async ensure() {
      try {
        store.ensure();
      } catch (e) {
        throw storeError(e, `could not create the migration tables in ${store.connection.path}`);
      }
    },
    async applied() {
      try {
        return store.readable('versions')?.applied() ?? [];
      } catch (e) {
        throw storeError(e, `could not read ${store.names.raw.versions} in ${store.connection.path}`);
      }
    },
    async history(options = {}) {
      try {
        return store.readable('history')?.history(options.limit) ?? [];
      } catch (e) {
        throw storeError(e, `could not read ${store.names.raw.history} in ${store.connection.path}`);
      }
    },
  };
}
