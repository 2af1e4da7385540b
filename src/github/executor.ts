import { type Action, describeAction, type LabelSpec } from "./actions.js";
import { createOnce, NO_BLIND_RETRY } from "./create-once.js";
import type { ItemLock } from "./keyed-lock.js";
import { findMarkedComment } from "./marked-comment.js";
import { firstLine, MARKER_PREFIX } from "./markers.js";
import { type EffectPorts, isHttpStatus } from "./port.js";

type Step = Action | { type: "addLabels"; issueNumber: number; labels: LabelSpec[] };

/** Several labels for one issue go in one request (each is still created first if missing). */
function batchLabels(plan: readonly Action[]): Step[] {
  const steps: Step[] = [];
  for (const action of plan) {
    const last = steps.at(-1);
    if (
      action.type === "addLabel" &&
      last &&
      (last.type === "addLabel" || last.type === "addLabels") &&
      last.issueNumber === action.issueNumber
    ) {
      const labels = last.type === "addLabel" ? [last.label] : last.labels;
      steps[steps.length - 1] = {
        type: "addLabels",
        issueNumber: action.issueNumber,
        labels: [...labels, action.label],
      };
    } else {
      steps.push(action);
    }
  }
  return steps;
}

/** GitHub's limit for issue bodies. */
const BODY_LIMIT = 65_536;

export interface ExecuteOptions {
  /** Print the plan instead of performing it. */
  dryRun?: boolean;
  /** Serialises comment upserts per issue within this process. */
  lock?: ItemLock;
  /** Where dry-run lines go. */
  print?: (line: string) => void;
}

/** What a performed plan produced that later steps need: the numbers of the issues it created. */
export interface ExecutionResult {
  createdIssues: number[];
}

/**
 * Perform a plan, in order. Every action is idempotent: comments are found by their marker
 * and only written when their body changes, labels are created once and added or removed
 * only as needed, so a redelivered webhook produces no duplicates.
 */
export async function executePlan(
  ports: EffectPorts,
  plan: readonly Action[],
  options: ExecuteOptions = {},
): Promise<ExecutionResult> {
  const result: ExecutionResult = { createdIssues: [] };
  if (options.dryRun) {
    const print = options.print ?? console.log;
    for (const action of plan)
      print(`[dry-run] ${ports.repo.owner}/${ports.repo.repo}: ${describeAction(action)}`);
    return result;
  }
  for (const step of batchLabels(plan)) await perform(ports, step, result, options.lock);
  return result;
}

async function perform(
  ports: EffectPorts,
  action: Step,
  result: ExecutionResult,
  lock?: ItemLock,
): Promise<void> {
  const { octokit, repo, log } = ports;
  switch (action.type) {
    case "createCheckRun":
      await octokit.rest.checks.create({
        ...repo,
        name: action.name,
        head_sha: action.headSha,
        status: "completed",
        conclusion: action.conclusion,
        output: { title: action.title, summary: action.summary },
      });
      log.info({ action: action.type, conclusion: action.conclusion }, "check run created");
      return;
    case "upsertComment": {
      const key = `${repo.owner}/${repo.repo}#${action.issueNumber}:${action.marker}`;
      const work = () => upsertComment(ports, action);
      await (lock ? lock.run(key, work) : work());
      return;
    }
    case "createComment": {
      if (
        action.unlessMarker &&
        (await findMarkedComment(ports, action.issueNumber, action.unlessMarker))
      ) {
        log.debug({ marker: action.unlessMarker }, "already posted");
        return;
      }
      const id = await createComment(ports, action.issueNumber, action.body);
      log.info({ action: action.type, comment: id }, "comment created");
      return;
    }
    case "appendToIssueBody": {
      // Read the body right before writing, so edits made meanwhile are kept.
      const { data: issue } = await octokit.rest.issues.get({
        ...repo,
        issue_number: action.issueNumber,
      });
      const body = issue.body ?? "";
      // Written already only when the whole record is there, as the app writes it: a marker
      // anyone pasted into the body does not stop the real record.
      if (body.includes(action.text.trim())) return;
      const joined = body.trim() === "" ? action.text : `${body.trimEnd()}\n\n${action.text}`;
      if (joined.length > BODY_LIMIT) {
        log.warn(
          { issue: action.issueNumber },
          "issue body too long to append to; the record stays in the comments",
        );
        return;
      }
      await octokit.rest.issues.update({ ...repo, issue_number: action.issueNumber, body: joined });
      log.info({ action: action.type, marker: action.marker }, "issue body appended");
      return;
    }
    case "ensureLabel":
      await ensureLabel(ports, action.label);
      return;
    case "editIssueBody":
      await octokit.rest.issues.update({
        ...repo,
        issue_number: action.issueNumber,
        body: action.body,
      });
      log.info({ action: action.type, issue: action.issueNumber }, "issue body edited");
      return;
    case "closeIssue":
      await octokit.rest.issues.update({
        ...repo,
        issue_number: action.issueNumber,
        state: "closed",
        state_reason: "completed",
      });
      log.info({ action: action.type }, "issue closed");
      return;
    case "deleteLabelIfUnused": {
      const { data } = await octokit.rest.issues.listForRepo({
        ...repo,
        labels: action.name,
        state: "all",
        per_page: 1,
      });
      if (data.length > 0) return;
      try {
        await octokit.rest.issues.deleteLabel({ ...repo, name: action.name });
        log.info({ action: action.type, label: action.name }, "unused label deleted");
      } catch (error) {
        if (!isHttpStatus(error, 404)) throw error;
      }
      return;
    }
    case "deleteComment": {
      const existing = await findMarkedComment(ports, action.issueNumber, action.marker);
      if (!existing) return;
      await octokit.rest.issues.deleteComment({ ...repo, comment_id: existing.id });
      log.info({ action: action.type, comment: existing.id }, "comment deleted");
      return;
    }
    case "updateLabel":
      try {
        await octokit.rest.issues.updateLabel({ ...repo, ...action.label });
      } catch (error) {
        if (!isHttpStatus(error, 404)) throw error;
        await octokit.rest.issues.createLabel({ ...repo, ...action.label });
      }
      log.debug({ action: action.type, label: action.label.name }, "label updated");
      return;
    case "createIssue": {
      for (const label of action.labels) await ensureLabel(ports, label);
      const labels = action.labels.map((l) => l.name);
      const post = async () =>
        (
          await octokit.rest.issues.create({
            ...repo,
            title: action.title,
            body: action.body,
            labels,
            ...NO_BLIND_RETRY,
          })
        ).data.number;
      // After a 5xx, the newest issues with its label are read for its marker first.
      const number = await createOnce(ports, `issue ${action.marker}`, post, async () => {
        const { data } = await octokit.rest.issues.listForRepo({
          ...repo,
          labels: labels[0] ?? "",
          state: "all",
          sort: "created",
          direction: "desc",
          per_page: 10,
        });
        return data.find((i) => (i.body ?? "").includes(action.marker))?.number;
      });
      result.createdIssues.push(number);
      log.info({ action: action.type, issue: number }, "issue created");
      return;
    }
    case "addReaction":
      try {
        // 200 when the app had reacted already, 201 when new: either way it is there.
        await octokit.rest.reactions.createForIssueComment({
          ...repo,
          comment_id: action.commentId,
          content: action.content,
        });
        log.info({ action: action.type, comment: action.commentId }, "reaction added");
      } catch (error) {
        // The comment was deleted meanwhile: there is nothing left to acknowledge.
        if (!isHttpStatus(error, 404)) throw error;
        log.debug({ comment: action.commentId }, "comment gone; no reaction");
      }
      return;
    case "addLabel":
      await ensureLabel(ports, action.label);
      await octokit.rest.issues.addLabels({
        ...repo,
        issue_number: action.issueNumber,
        labels: [action.label.name],
      });
      log.info({ action: action.type, label: action.label.name }, "label added");
      return;
    case "addLabels":
      for (const label of action.labels) await ensureLabel(ports, label);
      await octokit.rest.issues.addLabels({
        ...repo,
        issue_number: action.issueNumber,
        labels: action.labels.map((l) => l.name),
      });
      log.info({ action: action.type, labels: action.labels.map((l) => l.name) }, "labels added");
      return;
    case "removeLabel":
      try {
        await octokit.rest.issues.removeLabel({
          ...repo,
          issue_number: action.issueNumber,
          name: action.name,
        });
        log.info({ action: action.type, label: action.name }, "label removed");
      } catch (error) {
        // Already gone: the desired state holds.
        if (!isHttpStatus(error, 404)) throw error;
      }
      return;
  }
}

async function upsertComment(
  ports: EffectPorts,
  action: Extract<Action, { type: "upsertComment" }>,
): Promise<void> {
  const { octokit, repo, log } = ports;
  const existing =
    action.existing !== undefined
      ? action.existing
      : await findMarkedComment(ports, action.issueNumber, action.marker);
  if (existing) {
    if (existing.body === action.body) {
      log.debug({ comment: existing.id }, "comment already up to date");
      return;
    }
    await octokit.rest.issues.updateComment({
      ...repo,
      comment_id: existing.id,
      body: action.body,
    });
    log.info({ action: action.type, comment: existing.id }, "comment updated");
    return;
  }
  if (!action.createIfMissing) return;
  const id = await createComment(ports, action.issueNumber, action.body);
  log.info({ action: action.type, comment: id }, "comment created");
}

/**
 * Post a comment once: every comment the app writes starts with its marker, so after a 5xx
 * the thread is read for it before the POST is sent again.
 */
async function createComment(ports: EffectPorts, issueNumber: number, body: string) {
  const { octokit, repo } = ports;
  const marker = firstLine(body);
  const post = async () =>
    (
      await octokit.rest.issues.createComment({
        ...repo,
        issue_number: issueNumber,
        body,
        ...NO_BLIND_RETRY,
      })
    ).data.id;
  if (!marker.startsWith(MARKER_PREFIX)) return post();
  return createOnce(ports, `comment ${marker}`, post, async () => {
    const found = await findMarkedComment(ports, issueNumber, marker);
    return found?.id;
  });
}

/** Create the label with its colour and description if the repository lacks it. */
async function ensureLabel(ports: EffectPorts, label: LabelSpec): Promise<void> {
  const { octokit, repo } = ports;
  try {
    await octokit.rest.issues.getLabel({ ...repo, name: label.name });
    return;
  } catch (error) {
    if (!isHttpStatus(error, 404)) throw error;
  }
  try {
    await octokit.rest.issues.createLabel({ ...repo, ...label });
  } catch (error) {
    // Created concurrently by another delivery: fine.
    if (!isHttpStatus(error, 422)) throw error;
  }
}
