/**
 * "New host folder...": which certs.d folder, the registry's HOST[:PORT] (the server says whether
 * the engines would read a folder of that name, and why not `:443`), then a confirmation; only then
 * is the folder created.
 */
import type { HostFolderPlan, RegistryRoot } from '../../server/out/protocol';
import { StepUi } from './stepUi';
import { l10n } from './l10nPort';

export interface NewHostFolderDeps {
  ui: StepUi;
  roots(): Promise<RegistryRoot[]>;
  plan(root: string, host: string): Promise<HostFolderPlan>;
  /**
   * Creates the folder; resolves with why not (EACCES...), or undefined when it was created.
   * `sudoCommand`: the server's command that makes it where the editor may not write (none on Windows).
   */
  create(folder: string, sudoCommand: string | undefined): Promise<string | undefined>;
}


/** The new folder's path, or undefined when the user stopped or it could not be created. */
export async function askNewHostFolder(deps: NewHostFolderDeps, given: { root?: string } = {}): Promise<string | undefined> {
  const { ui } = deps;
  const roots = await deps.roots();
  if (roots.length === 0) {
    ui.warn(l10n.t('No certs.d folder is being checked in this workspace: open a folder that holds one (e.g. /etc/docker/certs.d), or add it to certsd.extraRoots.'));
    return undefined;
  }
  const askRoot = !given.root && roots.length > 1;
  const total = askRoot ? 2 : 1;
  const root =
    given.root ??
    (askRoot
      ? await ui.pick({
          title: l10n.t('New host folder (Step 1 of {0})', total),
          placeholder: l10n.t('In which certs.d folder?'),
          items: roots.map((r) => ({ label: r.path, description: r.engine, value: r.path })),
        })
      : roots[0].path);
  if (!root) return undefined;
  let plan: HostFolderPlan | undefined;
  const typed = await ui.input({
    title: l10n.t('New host folder in {0} (Step {1} of {1})', root, total),
    prompt: l10n.t('The registry as image names write it: HOST or HOST:PORT. Leave out :443 (images named without a port use the folder without it).'),
    placeholder: 'registry.example.com:5000',
    validate: async (v) => {
      plan = await deps.plan(root, v);
      return plan.ok ? undefined : plan.message;
    },
  });
  if (typed === undefined) return undefined;
  // The answer the box accepted was validated; ask once more in case the folder appeared meanwhile.
  plan = await deps.plan(root, typed);
  if (!plan.ok) {
    ui.warn(plan.message);
    return undefined;
  }
  const yes = await ui.confirm(l10n.t('Create the host folder {0}?', plan.name), l10n.t('In {0}. The engines read it for images named "{1}/...".', root, plan.name), l10n.t('Create folder'));
  if (!yes) return undefined;
  const failed = await deps.create(plan.path, plan.sudoCommand);
  if (failed !== undefined) {
    ui.warn(l10n.t('Could not create {0}: {1}', plan.path, failed));
    return undefined;
  }
  return plan.path;
}
