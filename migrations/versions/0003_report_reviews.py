"""HR reviews of interview reports: a rating and notes per staff member, beside the machine's scores.

Revision ID: report_reviews
Revises: resume_profiles
Create Date: 2026-12-03 20:06:03.537419

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'report_reviews'
down_revision = 'resume_profiles'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('ratings', sa.JSON(), nullable=False),
    sa.Column('overall', sa.Integer(), nullable=True),
    sa.Column('recommendation', sa.String(length=32), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_report_reviews_reviewer_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['interview_sessions.id'], name=op.f('fk_report_reviews_session_id_interview_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_reviews')),
    sa.UniqueConstraint('session_id', 'reviewer_id', name=op.f('uq_report_reviews_session_id'))
    )
    with op.batch_alter_table('report_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_reviews_reviewer_id'), ['reviewer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_reviews_session_id'), ['session_id'], unique=False)



def downgrade():
    with op.batch_alter_table('report_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_reviews_session_id'))
        batch_op.drop_index(batch_op.f('ix_report_reviews_reviewer_id'))

    op.drop_table('report_reviews')
